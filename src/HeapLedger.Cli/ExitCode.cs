namespace HeapLedger.Cli;

/// <summary>The exit codes of every verb.</summary>
public enum ExitCode
{
    /// <summary>Nothing wrong found.</summary>
    Ok = 0,

    /// <summary>At least one leak verdict, or a double or invalid free.</summary>
    ProblemFound = 1,

    /// <summary>Usage error or bad input.</summary>
    BadInput = 2,

    /// <summary>An unexpected failure: a bug in HeapLedger, reported with its stack trace.</summary>
    InternalError = 70,
}

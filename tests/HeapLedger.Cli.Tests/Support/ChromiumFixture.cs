using Microsoft.Playwright;

namespace HeapLedger.Cli.Tests.Support;

/// <summary>
/// One headless Chromium per test class. It is the distribution's browser, not one Playwright
/// downloads: CI installs the `chromium` package, and a machine without it fails these tests
/// rather than skipping them, so a missing browser can never pass for a working report.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    // Everything that would make the browser itself reach the network is switched off, so any
    // request the tests record can only have come from the page.
    private static readonly string[] Arguments =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];

    private IPlaywright? playwright;
    private IBrowser? browser;

    public IBrowser Browser => browser ?? throw new InvalidOperationException("Chromium has not been launched.");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"Chromium is not installed at {ExecutablePath}. The HTML report tests open the report in a real " +
                "browser; install it with `apt-get install -y chromium` (the CI script does this on fresh machines).");
        }

        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Arguments,
        });
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
    }
}

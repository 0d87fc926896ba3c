using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace HeapLedger.Cli.Tests.Support;

/// <summary>
/// A local HTML file opened in its own browser context, with every console error, uncaught page
/// error and request recorded from before the first byte loads.
/// </summary>
public sealed class ChromiumPage : IAsyncDisposable
{
    private readonly IBrowserContext context;
    private readonly ConcurrentQueue<string> errors;
    private readonly ConcurrentQueue<string> requests;

    private ChromiumPage(IBrowserContext context, IPage page, Uri address, ConcurrentQueue<string> errors, ConcurrentQueue<string> requests)
    {
        this.context = context;
        this.errors = errors;
        this.requests = requests;
        Page = page;
        Address = address;
    }

    public IPage Page { get; }

    /// <summary>The file:// address the page was opened at.</summary>
    public Uri Address { get; }

    public IReadOnlyCollection<string> Errors => [.. errors];

    public IReadOnlyCollection<string> Requests => [.. requests];

    public static async Task<ChromiumPage> OpenAsync(IBrowser browser, string path)
    {
        var errors = new ConcurrentQueue<string>();
        var requests = new ConcurrentQueue<string>();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.Request += (_, request) => requests.Enqueue(request.Url);

        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Enqueue($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) => errors.Enqueue($"page error: {error}");

        var address = new Uri(Path.GetFullPath(path));
        await page.GotoAsync(address.AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        return new ChromiumPage(context, page, address, errors, requests);
    }

    public async ValueTask DisposeAsync() => await context.CloseAsync();
}

using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace HeapLedger.Server.Tests.Support;

/// <summary>An address opened in its own browser context, with console errors, page errors and every request recorded from the start.</summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private readonly IBrowserContext context;
    private readonly ConcurrentQueue<string> errors = new();
    private readonly ConcurrentQueue<string> requests = new();

    private BrowserPage(IBrowserContext context, IPage page)
    {
        this.context = context;
        Page = page;
        context.Request += (_, request) => requests.Enqueue(request.Url);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Enqueue($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) => errors.Enqueue($"page error: {error}");
    }

    public IPage Page { get; }

    public IReadOnlyCollection<string> Errors => [.. errors];

    public IReadOnlyCollection<string> Requests => [.. requests];

    /// <summary>A new context and page; <paramref name="beforeNavigation"/> may subscribe to the page's events before it loads <paramref name="address"/>.</summary>
    public static async Task<BrowserPage> OpenAsync(IBrowser browser, string address, Action<IPage>? beforeNavigation = null)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = new BrowserPage(context, await context.NewPageAsync());
        beforeNavigation?.Invoke(page.Page);
        await page.Page.GotoAsync(address, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        return page;
    }

    public async ValueTask DisposeAsync() => await context.CloseAsync();
}

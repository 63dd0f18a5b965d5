using Microsoft.Playwright;

namespace ChatHub.Hub.Tests.Browser;

/// <summary>Debian's Chromium (or CHROMIUM_PATH), headless, through Playwright.</summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    private BrowserSession(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    /// <param name="extraArgs">More Chromium switches (the fake microphone: <c>--use-fake-device-for-media-stream</c>).</param>
    public static async Task<BrowserSession> StartAsync(params string[] extraArgs)
    {
        var chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException(
                $"Chromium not found at {chromium}. Run scripts/setup-tests.sh (installs Debian's chromium) or set CHROMIUM_PATH.");
        }

        var playwright = await Playwright.CreateAsync().DefaultTimeout();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = chromium,
            Headless = true,
            // The machine has no network beyond loopback: keep Chromium from trying to reach Google's services.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", .. extraArgs],
        }).DefaultTimeout();
        return new BrowserSession(playwright, browser);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
    }
}

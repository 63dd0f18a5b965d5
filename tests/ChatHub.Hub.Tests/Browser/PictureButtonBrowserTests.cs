using ChatHub.Conversation.Images;
using ChatHub.Hub.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ChatHub.Hub.Tests.Browser;

/// <summary>
/// The widget's picture button in real Chromium: a picked picture is uploaded with the conversation's token (POST
/// /webchat/images), sent with SendImage and answered (here by the default model, which cannot look at images); a file
/// that is not a picture is refused by the hub, and the message shows the hub's reason.
/// </summary>
public sealed class PictureButtonBrowserTests : IAsyncLifetime
{
    /// <summary>A 1×1 PNG.</summary>
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    private HubServer _hub = null!;

    public async Task InitializeAsync() => _hub = await HubServer.StartAsync(new Dictionary<string, string?>());

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private async Task<IPage> OpenAsync(BrowserSession session)
    {
        var page = await session.Browser.NewPageAsync();
        await page.GotoAsync(_hub.BaseAddress.ToString());
        await Assertions.Expect(page.Locator(".chathub-root")).ToHaveAttributeAsync("data-status", "online", new() { Timeout = 20_000 });
        return page;
    }

    [Fact]
    public async Task Widget_PicturePicked_UploadedSentAndAnswered()
    {
        await using var session = await BrowserSession.StartAsync();
        var page = await OpenAsync(session);

        await page.Locator("#chathub-image-input").SetInputFilesAsync(new FilePayload { Name = "dot.png", MimeType = "image/png", Buffer = Png });

        var mine = page.Locator(".chathub-msg--user").Last;
        await Assertions.Expect(mine).ToContainTextAsync("Picture");
        var answer = page.Locator(".chathub-msg--bot[data-final='true']").First;
        await Assertions.Expect(answer).ToContainTextAsync(ImageResolver.CannotLookReply, new() { Timeout = 20_000 });
        await Assertions.Expect(mine).ToHaveAttributeAsync("data-state", "delivered");
    }

    [Fact]
    public async Task Widget_FileThatIsNotAPicture_RefusedWithTheHubsReasonAndNoRetry()
    {
        await using var session = await BrowserSession.StartAsync();
        var page = await OpenAsync(session);

        await page.Locator("#chathub-image-input").SetInputFilesAsync(
            new FilePayload { Name = "notes.png", MimeType = "image/png", Buffer = "just some text, not a picture"u8.ToArray() });

        var mine = page.Locator(".chathub-msg--user").Last;
        await Assertions.Expect(mine).ToHaveAttributeAsync("data-state", "failed", new() { Timeout = 20_000 });
        await Assertions.Expect(mine).ToContainTextAsync("That file is not a picture I can read");
        await Assertions.Expect(mine.Locator(".chathub-retry")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".chathub-msg--bot")).ToHaveCountAsync(0);
    }
}

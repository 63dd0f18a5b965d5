using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Inference.Knowledge;
using Microsoft.Playwright;

namespace ChatHub.Hub.Tests.Browser;

/// <summary>Debian's Chromium, driven by Playwright, chats with a real hub through the real widget bundle.</summary>
public sealed class ChatPageBrowserTests : IClassFixture<HubServerFixture>
{
    private readonly HubServerFixture _hub;

    public ChatPageBrowserTests(HubServerFixture hub) => _hub = hub;

    [Fact]
    public async Task ChatPage_TypeQuestion_SeesKnowledgeBaseReply()
    {
        await using var session = await BrowserSession.StartAsync();
        var page = await session.Browser.NewPageAsync();
        await page.GotoAsync(_hub.BaseAddress.ToString());

        await page.Locator("#chathub-input").FillAsync("What is ChatHub?");
        await page.Locator("#chathub-send").ClickAsync();

        var reply = page.Locator(".chathub-msg--bot[data-final='true']").Last;
        var expected = KnowledgeBase.Load(Path.Combine(RepoPaths.Root, "content", "knowledge.md"))
            .Entries.Single(e => e.Question == "What is ChatHub?").Answer;
        await Assertions.Expect(reply).ToContainTextAsync(FirstLine(expected), new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator(".chathub-msg--user").Last).ToHaveAttributeAsync("data-state", "delivered");
    }

    [Fact]
    public async Task ChatPage_EnterKeySendsAndReloadKeepsConversation()
    {
        await using var session = await BrowserSession.StartAsync();
        var context = await session.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        var page = await context.NewPageAsync();
        await page.GotoAsync(_hub.BaseAddress.ToString());

        var input = page.Locator("#chathub-input");
        await Assertions.Expect(input).ToBeVisibleAsync();
        await input.FillAsync("/help");
        await input.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".chathub-msg--bot[data-final='true']").Last).ToContainTextAsync("/reset", new() { Timeout = 20_000 });

        // After a reload the same conversation resumes (token in localStorage) and nothing is shown twice. A token
        // carries its expiry in whole seconds, so a Join in the same second as the last returns the same token: wait for
        // the next second (the browser's clock is the hub's), so that the Join after the reload returns a different one.
        var second = await page.EvaluateAsync<long>("() => Math.floor(Date.now() / 1000)");
        await page.WaitForFunctionAsync("s => Math.floor(Date.now() / 1000) > s", second);
        await page.ReloadAsync();
        await input.FillAsync("What is ChatHub?");
        await input.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".chathub-msg--bot[data-final='true']")).ToHaveCountAsync(2, new() { Timeout = 20_000 });
        // Every Join returns a fresh token (sliding expiry); the resumed conversation is not announced as a new one.
        await Assertions.Expect(page.Locator(".chathub-note")).ToHaveCountAsync(0);
        await context.CloseAsync();
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}

using System.Runtime.CompilerServices;
using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Hub.Tests.Telegram.Fakes;
using Microsoft.Extensions.AI;
using Microsoft.Playwright;

namespace ChatHub.Hub.Tests.Browser;

/// <summary>
/// Issue 15, item 12, in Chromium through the real widget: a model's Markdown link whose label is another address
/// ("[https://bank.example](https://evil.example)") shows where it really goes.
/// </summary>
public sealed class OutputBrowserTests
{
    private static async IAsyncEnumerable<string> Phishing([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        yield return "Please sign in again at [https://bank.example/login](https://evil.example/steal) today.";
    }

    [Fact]
    public async Task Attack_ModelLinkLabelledWithAnotherAddress_TheRealAddressIsShown()
    {
        await using var hub = await HubServer.StartAsync(configure: b => b.Services.AddSingleton<IChatClient>(new ScriptedChatClient(Phishing)));
        await using var session = await BrowserSession.StartAsync();
        var page = await session.Browser.NewPageAsync();
        await page.GotoAsync(hub.BaseAddress.ToString());

        await page.Locator("#chathub-input").FillAsync("where do I sign in?");
        await page.Locator("#chathub-send").ClickAsync();

        var reply = page.Locator(".chathub-msg--bot[data-final='true']").Last;
        await Assertions.Expect(reply).ToContainTextAsync("(https://evil.example/steal)", new() { Timeout = 20_000 });
        var link = reply.Locator("a");
        await Assertions.Expect(link).ToHaveAttributeAsync("href", "https://evil.example/steal");
        await Assertions.Expect(link).ToHaveTextAsync("https://bank.example/login");
    }
}

using ChatHub.Hub.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ChatHub.Hub.Tests.Browser;

/// <summary>
/// Suggested replies in the real widget: a knowledge answer shows its entry's suggestions as chips under it; clicking
/// one sends its text as the person's message, and the hub answers that.
/// </summary>
public sealed class SuggestionChipsBrowserTests : IAsyncLifetime
{
    private HubServer _hub = null!;

    public async Task InitializeAsync() => _hub = await HubServer.StartAsync(new Dictionary<string, string?>());

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Widget_ClickOnASuggestionChip_SendsItsTextAndShowsTheAnswer()
    {
        var asked = KnowledgeEntries.Entry("What is ChatHub?");
        var chosen = KnowledgeEntries.Entry(asked.Suggestions[0]);
        await using var session = await BrowserSession.StartAsync();
        var page = await session.Browser.NewPageAsync();
        await page.GotoAsync(_hub.BaseAddress.ToString());

        await page.Locator("#chathub-input").FillAsync("What is ChatHub?");
        await page.Locator("#chathub-send").ClickAsync();
        var answers = page.Locator(".chathub-msg--bot[data-final='true']");
        var answer = answers.First;
        await Assertions.Expect(answer).ToContainTextAsync("cross-platform chatbot messaging hub", new() { Timeout = 20_000 });
        var chips = answer.Locator(".chathub-suggestion");
        await Assertions.Expect(chips).ToHaveTextAsync([.. asked.Suggestions]);

        await chips.First.ClickAsync();

        await Assertions.Expect(page.Locator(".chathub-msg--user").Last).ToContainTextAsync(chosen.Question);
        await Assertions.Expect(answers).ToHaveCountAsync(2, new() { Timeout = 20_000 });
        var next = answers.Nth(1);
        await Assertions.Expect(next).ToContainTextAsync("Telegram, Discord, Microsoft Teams");
        await Assertions.Expect(answer.Locator(".chathub-suggestion")).ToHaveCountAsync(0); // the choice is made
        await Assertions.Expect(next.Locator(".chathub-suggestion")).ToHaveTextAsync([.. chosen.Suggestions]);
    }
}

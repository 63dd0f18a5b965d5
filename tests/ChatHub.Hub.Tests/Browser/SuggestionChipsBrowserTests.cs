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
        await Assertions.Expect(next).ToContainTextAsync("Telegram, Discord, Slack");
        await Assertions.Expect(answer.Locator(".chathub-suggestion")).ToHaveCountAsync(0); // the choice is made
        await Assertions.Expect(next.Locator(".chathub-suggestion")).ToHaveTextAsync([.. chosen.Suggestions]);
    }

    /// <summary>An entry's Links: show as links under the answer that open in a new tab and show the host they go to.</summary>
    [Fact]
    public async Task Widget_AnswerWithALink_ShowsItsLabelAndHostAndOpensInANewTab()
    {
        var link = Assert.Single(KnowledgeEntries.Entry("How do I connect a Discord bot?").Links);
        await using var session = await BrowserSession.StartAsync();
        var page = await session.Browser.NewPageAsync();
        await page.GotoAsync(_hub.BaseAddress.ToString());

        await page.Locator("#chathub-input").FillAsync("How do I connect a Discord bot?");
        await page.Locator("#chathub-send").ClickAsync();
        var answer = page.Locator(".chathub-msg--bot[data-final='true']").First;
        await Assertions.Expect(answer).ToContainTextAsync("Discord Developer Portal", new() { Timeout = 20_000 });

        var anchor = answer.Locator("a.chathub-link");
        await Assertions.Expect(anchor).ToHaveCountAsync(1);
        await Assertions.Expect(anchor).ToHaveTextAsync($"{link.Text} ({new Uri(link.Url).Host})");
        await Assertions.Expect(anchor).ToHaveAttributeAsync("href", link.Url);
        await Assertions.Expect(anchor).ToHaveAttributeAsync("target", "_blank");
        await Assertions.Expect(anchor).ToHaveAttributeAsync("rel", "noopener noreferrer");

        await page.ReloadAsync(); // restored from the page's own storage
        await Assertions.Expect(page.Locator("a.chathub-link")).ToHaveAttributeAsync("href", link.Url, new() { Timeout = 20_000 });
    }
}

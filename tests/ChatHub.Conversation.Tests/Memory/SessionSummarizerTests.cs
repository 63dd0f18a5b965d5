using ChatHub.Conversation.Sessions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Tests.Memory;

/// <summary>The background fold: which turns go, what is stored, and that nothing happens without a model.</summary>
public sealed class SessionSummarizerTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly SessionOptions _options = new() { MaxTurns = 4, SummaryMaxCharacters = 200 };
    private readonly InMemorySummaryStore _store;

    public SessionSummarizerTests() => _store = new InMemorySummaryStore(Options.Create(_options), _time);

    private SessionSummarizer Create(ITurnSummarizer? summarizer) =>
        new(_store, Options.Create(_options), NullLogger<SessionSummarizer>.Instance, summarizer);

    private SessionTurn Turn(string text, int minute) => new(SessionRoles.User, text, _time.GetUtcNow().AddMinutes(minute), "webchat");

    [Fact]
    public async Task FoldAsync_PreviousSummaryAndTurnsToTheModel_ResultStoredUpToTheLastTurn()
    {
        var model = new FakeSummarizer(_ => "Lives in Lyon.");
        var summarizer = Create(model);
        await _store.SetAsync("u_ann", new ConversationSummary("Has a cat.", _time.GetUtcNow()), CancellationToken.None);

        await summarizer.FoldAsync("u_ann", [Turn("I live in Lyon", 1), Turn("ok", 2)], CancellationToken.None).DefaultTimeout();

        Assert.Equal(new ConversationSummary("Lives in Lyon.", _time.GetUtcNow().AddMinutes(2)), await _store.GetAsync("u_ann", CancellationToken.None));
        var (previous, turns, max) = Assert.Single(model.Calls);
        Assert.Equal("Has a cat.", previous);
        Assert.Equal(["I live in Lyon", "ok"], turns.Select(t => t.Text));
        Assert.Equal(200, max);
    }

    [Fact]
    public async Task FoldAsync_TurnsTheSummaryCoversAlready_NoModelCall()
    {
        var model = new FakeSummarizer(_ => "new");
        await _store.SetAsync("u_ann", new ConversationSummary("old", _time.GetUtcNow().AddMinutes(5)), CancellationToken.None);

        await Create(model).FoldAsync("u_ann", [Turn("again", 3)], CancellationToken.None).DefaultTimeout();

        Assert.Empty(model.Calls);
        Assert.Equal("old", (await _store.GetAsync("u_ann", CancellationToken.None))!.Text);
    }

    [Fact]
    public async Task FoldAsync_TooLongCut_NoTextKeepsTheOldSummary()
    {
        await Create(new FakeSummarizer(_ => new string('x', 500))).FoldAsync("u_ann", [Turn("a", 1)], CancellationToken.None).DefaultTimeout();
        Assert.Equal(200, (await _store.GetAsync("u_ann", CancellationToken.None))!.Text.Length);

        await Create(new FakeSummarizer(_ => null)).FoldAsync("u_ann", [Turn("b", 2)], CancellationToken.None).DefaultTimeout();
        Assert.Equal(200, (await _store.GetAsync("u_ann", CancellationToken.None))!.Text.Length);
    }

    [Fact]
    public async Task Enabled_OnlyWithAModelAndSwitchedOn_PromptGetsTheSummaryOnlyOnceTheSessionIsFull()
    {
        var summarizer = Create(new FakeSummarizer(_ => "s"));
        await _store.SetAsync("u_ann", new ConversationSummary("kept", _time.GetUtcNow()), CancellationToken.None);

        Assert.True(summarizer.Enabled);
        Assert.False(Create(null).Enabled);
        Assert.False(Create(new FakeSummarizer(_ => "s") { IsAvailable = false }).Enabled); // only the fallback: dropped as before
        Assert.Null(await summarizer.GetForPromptAsync("u_ann", [Turn("a", 1)], CancellationToken.None)); // a fresh session
        Assert.Equal("kept", (await summarizer.GetForPromptAsync("u_ann", [Turn("a", 1), Turn("b", 2)], CancellationToken.None))?.Text);
    }

    private sealed class FakeSummarizer(Func<string?, string?> write) : ITurnSummarizer
    {
        public List<(string? Previous, IReadOnlyList<SessionTurn> Turns, int Max)> Calls { get; } = [];

        public bool IsAvailable { get; init; } = true;

        public ValueTask<string?> SummarizeAsync(string? previous, IReadOnlyList<SessionTurn> turns, int maxCharacters, CancellationToken cancellationToken)
        {
            Calls.Add((previous, turns, maxCharacters));
            return ValueTask.FromResult(write(previous));
        }
    }
}

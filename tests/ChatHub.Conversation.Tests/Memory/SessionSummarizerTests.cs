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

    [Fact]
    public async Task FoldOrCarryAsync_ModelWritesNothing_TheTurnsAreFoldedWithThePersonsNextOnes()
    {
        var answers = new Queue<string?>(["", "Likes teal."]);
        var model = new FakeSummarizer(_ => answers.Dequeue());
        var summarizer = Create(model);

        await summarizer.FoldOrCarryAsync("u_ann", [Turn("my colour is teal", 1), Turn("noted", 2)], CancellationToken.None).DefaultTimeout();
        Assert.Null(await _store.GetAsync("u_ann", CancellationToken.None));
        Assert.Equal(2, summarizer.CarriedFor("u_ann"));

        await summarizer.FoldOrCarryAsync("u_ann", [Turn("hello", 3)], CancellationToken.None).DefaultTimeout();

        Assert.Equal(["my colour is teal", "noted", "hello"], model.Calls[1].Turns.Select(t => t.Text));
        Assert.Equal(new ConversationSummary("Likes teal.", _time.GetUtcNow().AddMinutes(3)), await _store.GetAsync("u_ann", CancellationToken.None));
        Assert.Equal(0, summarizer.CarriedFor("u_ann"));
    }

    [Fact]
    public async Task FoldOrCarryAsync_ModelFailsAgainAndAgain_CarriesAtMostASessionsWorthTheNewest()
    {
        var summarizer = Create(new FakeSummarizer(_ => throw new TimeoutException("the model slot timed out")));

        for (var minute = 1; minute <= 9; minute += 3)
        {
            await summarizer.FoldOrCarryAsync("u_ann", [Turn($"t{minute}", minute), Turn($"t{minute + 1}", minute + 1), Turn($"t{minute + 2}", minute + 2)], CancellationToken.None).DefaultTimeout();
        }

        Assert.Equal(_options.MaxTurns, summarizer.CarriedFor("u_ann"));
        var model = new FakeSummarizer(_ => "s");
        var later = new SessionSummarizer(_store, Options.Create(_options), NullLogger<SessionSummarizer>.Instance, model);
        Assert.Equal(0, later.CarriedFor("u_ann")); // per process: a restart drops them, as a lost fold does
        Assert.Equal(4, summarizer.Forget("u_ann")); // erasure
        Assert.Equal(0, summarizer.CarriedFor("u_ann"));
    }

    [Fact]
    public async Task FoldOrCarryAsync_CarriedTurnsTheSummaryCoversMeanwhile_NotSentAgain()
    {
        var answers = new Queue<string?>([null, "later"]);
        var model = new FakeSummarizer(_ => answers.Dequeue());
        var summarizer = Create(model);
        await summarizer.FoldOrCarryAsync("u_ann", [Turn("a", 1), Turn("b", 2)], CancellationToken.None).DefaultTimeout();
        await _store.SetAsync("u_ann", new ConversationSummary("another node folded a", _time.GetUtcNow().AddMinutes(1)), CancellationToken.None);

        await summarizer.FoldOrCarryAsync("u_ann", [Turn("c", 3)], CancellationToken.None).DefaultTimeout();

        Assert.Equal(["b", "c"], model.Calls[1].Turns.Select(t => t.Text));
        Assert.Equal("another node folded a", model.Calls[1].Previous);
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

using System.Text.Json;
using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Testing.OpenAi;
using ChatHub.Testing.SignalR;

namespace ChatHub.Hub.Tests.Memory;

/// <summary>
/// Issue 22, summaries, through the hub on Kestrel on the durable default with the OpenAI-compatible fake scripted to
/// summarise (it keeps every <c>zq…</c> word of the summary so far and of the turns): a 200-turn conversation keeps the
/// fact of turn 3 while the session holds six turns; the prompt stays small; and replies go on while a summary is
/// stuck at the model.
/// </summary>
public sealed class ConversationSummaryTests : IAsyncLifetime
{
    private readonly string _storage = Path.Combine(Path.GetTempPath(), $"chathub-summary-{Guid.NewGuid():N}");
    private readonly ManualResetEventSlim _summaryGate = new(false);
    private readonly TaskCompletionSource _factInAStoredSummary = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private FakeOpenAiServer _model = null!;
    private HubServer _hub = null!;
    private int _summaryRequests;

    public async Task InitializeAsync()
    {
        _model = await FakeOpenAiServer.StartAsync().DefaultTimeout();
        _model.Script = Answer;
        _hub = await HubServer.StartAsync(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "sqlite",
            ["Storage:Path"] = _storage,
            ["Inference:OpenAI:Endpoint"] = _model.Endpoint.ToString(),
            ["Inference:OpenAI:Model"] = "fake-model",
            ["Inference:Knowledge:MinScore"] = "1000",
            ["Sessions:MaxTurns"] = "6",
            ["Sessions:SummaryMaxCharacters"] = "500",
            ["RateLimits:PerUserBurst"] = "1000",
            ["RateLimits:PerConversationBurst"] = "1000",
        });
    }

    public async Task DisposeAsync()
    {
        _summaryGate.Set();
        await _hub.DisposeAsync();
        await _model.DisposeAsync();
        _summaryGate.Dispose();
        if (Directory.Exists(_storage))
        {
            Directory.Delete(_storage, recursive: true);
        }
    }

    [Fact]
    public async Task TwoHundredTurns_FactOfTurnThreeKeptBySummaries_PromptBounded_RepliesNeverWaitForASummary()
    {
        await using var person = await WebChatUser.JoinAsync(_hub.BaseAddress);
        await Ask(person, "hello there");
        await Ask(person, "my favourite colour is zqteal"); // turn 3
        for (var i = 3; i <= 15; i++)
        {
            await Ask(person, $"question number {i}"); // from the 4th on, each overflows the session: a fold waits at the model
        }

        Assert.Equal(1, Volatile.Read(ref _summaryRequests)); // the first fold is still stuck, the replies went on
        _summaryGate.Set();
        for (var i = 16; i <= 100; i++)
        {
            await Ask(person, $"question number {i}");
        }

        // A fold that starts from a stored summary holding turn 3's fact: that summary is in the store now (whichever
        // request number it was: a loaded machine can make the model slot retry or fail a fold).
        await _factInAStoredSummary.Task.DefaultTimeout();
        var before = _model.Bodies.Count;
        await Ask(person, "what is my favourite colour?");

        var last = _model.Bodies.Skip(before).Select(ModelRequests.Messages).First(m => !ModelRequests.IsSummaryRequest(m));
        Assert.Contains("zqteal", last[0].Content, StringComparison.Ordinal); // in the summary, in the system message
        Assert.Contains("A summary of your earlier conversation", last[0].Content, StringComparison.Ordinal);
        Assert.Equal(8, last.Count); // system, six turns, the question
        Assert.DoesNotContain(last.Skip(1), m => m.Content.Contains("zqteal", StringComparison.Ordinal));
        Assert.True(last.Sum(m => m.Content.Length) < 4000, $"The prompt grew to {last.Sum(m => m.Content.Length)} characters.");
    }

    private static Task<string> Ask(WebChatUser person, string text) => person.AskAsync(text).DefaultTimeout();

    /// <summary>
    /// A summary request: the summary of every zq word it was given (the first one waits for the gate). Anything else: a
    /// short answer.
    /// </summary>
    private FakeOpenAiTurn Answer(JsonElement body)
    {
        var messages = ModelRequests.Messages(body);
        if (!ModelRequests.IsSummaryRequest(messages))
        {
            return FakeOpenAiTurn.Reply("An answer.");
        }

        var number = Interlocked.Increment(ref _summaryRequests);
        if (number == 1)
        {
            _summaryGate.Wait(TaskTimeoutExtensions.DefaultTimeoutSpan);
        }
        else if (SummarySoFar(messages[^1].Content).Contains("zqteal", StringComparison.Ordinal))
        {
            _factInAStoredSummary.TrySetResult();
        }

        return ModelRequests.Summarise(messages);
    }

    /// <summary>The previous summary a fold request starts from (between "Summary so far:" and the turns).</summary>
    private static string SummarySoFar(string request)
    {
        var start = request.IndexOf("Summary so far:", StringComparison.Ordinal);
        var end = request.IndexOf("Turns to fold in:", StringComparison.Ordinal);
        return start < 0 || end < start ? "" : request[start..end];
    }
}

using System.Text.Json;
using System.Text.RegularExpressions;
using ChatHub.Hub.Tests.Telegram;
using ChatHub.Testing.OpenAi;
using ChatHub.Testing.Processes;
using ChatHub.Testing.Telegram;

namespace ChatHub.Hub.Tests.Memory;

/// <summary>
/// Issue 22: the hub process is killed (SIGKILL) while a summary is being written (its request stuck at the model) and
/// started again on the same SQLite folder. The lost fold drops its turns, as without summaries; the next folds work;
/// and no request the model receives, before or after, carries the other person's words.
/// </summary>
public sealed partial class SummaryCrashTests : IAsyncLifetime
{
    private const long Ann = 7200000001;
    private const long Bob = 7200000002;
    private readonly string _storage = Path.Combine(Path.GetTempPath(), $"chathub-summary-crash-{Guid.NewGuid():N}");
    private readonly ManualResetEventSlim _firstSummaryGate = new(false);
    private readonly TaskCompletionSource _firstSummaryRequest = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _thirdSummaryRequest = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private FakeOpenAiServer _model = null!;
    private FakeBotApi _telegram = null!;
    private HttpClient _http = null!;
    private int _summaryRequests;
    private long _messageId = 100;

    public async Task InitializeAsync()
    {
        _model = await FakeOpenAiServer.StartAsync().DefaultTimeout();
        _model.Script = Answer;
        _telegram = await FakeBotApi.StartAsync().DefaultTimeout();
    }

    public async Task DisposeAsync()
    {
        _firstSummaryGate.Set();
        _http?.Dispose();
        await _telegram.DisposeAsync();
        await _model.DisposeAsync();
        _firstSummaryGate.Dispose();
        if (Directory.Exists(_storage))
        {
            Directory.Delete(_storage, recursive: true);
        }
    }

    [GeneratedRegex("zq([a-z]+)t[0-9]+")]
    private static partial Regex TurnMarker();

    [Fact]
    public async Task KilledMidSummary_RestartedOnTheSameFile_LostFoldOnly_NoPromptCarriesTheOtherPerson()
    {
        var hub = await StartHubAsync();
        await using (hub)
        {
            await AskAsync(Ann, "first zqannt1");
            await AskAsync(Bob, "first zqbobt1");
            await AskAsync(Ann, "second zqannt2");
            await AskAsync(Ann, "third zqannt3"); // the session is full: the fold of zqannt1 goes to the model and sticks
            await _firstSummaryRequest.Task.DefaultTimeout();
            await AskAsync(Bob, "second zqbobt2");
            hub.Kill();
        }

        _firstSummaryGate.Set();
        await using (hub = await StartHubAsync())
        {
            await AskAsync(Ann, "after the restart zqannt4"); // folds zqannt2
            await AskAsync(Bob, "after the restart zqbobt3");
            await AskAsync(Ann, "more zqannt5"); // folds zqannt3
            await _thirdSummaryRequest.Task.DefaultTimeout(); // folds run one at a time: the one with zqannt2 is stored
            var before = _model.Bodies.Count;
            await AskAsync(Ann, "last zqannt6");

            var last = ModelRequests.Messages(_model.Bodies.Skip(before).First(body => !ModelRequests.IsSummaryRequest(ModelRequests.Messages(body))));
            Assert.Contains("zqannt2", last[0].Content, StringComparison.Ordinal); // the summary, after the restart
            Assert.DoesNotContain("zqannt1", string.Concat(last.Select(m => m.Content)), StringComparison.Ordinal); // the lost fold's turns
        }

        foreach (var body in _model.Bodies.Select(ModelRequests.Messages))
        {
            var asker = TurnMarker().Match(body.Last(m => m.Role == "user").Content).Groups[1].Value;
            var other = asker == "ann" ? "zqbob" : "zqann";
            Assert.True(asker is "ann" or "bob", "a request of nobody's");
            Assert.DoesNotContain(body, m => m.Content.Contains(other, StringComparison.Ordinal));
        }
    }

    private async Task<HubProcess> StartHubAsync()
    {
        var settings = TelegramHub.Settings(_telegram).Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!);
        settings["Storage:Provider"] = "sqlite";
        settings["Storage:Path"] = _storage;
        settings["Inference:OpenAI:Endpoint"] = _model.Endpoint.ToString();
        settings["Inference:OpenAI:Model"] = "fake-model";
        settings["Inference:Knowledge:MinScore"] = "1000";
        settings["Sessions:MaxTurns"] = "4";
        var hub = await HubProcess.StartAsync("summary-crash", settings).DefaultTimeout();
        _http?.Dispose();
        _http = new HttpClient { BaseAddress = hub.Address };
        return hub;
    }

    private async Task AskAsync(long chat, string text)
    {
        var id = Interlocked.Increment(ref _messageId);
        using var response = await TelegramHub.PostUpdateAsync(_http, TelegramUpdates.Private(chat, id, text)).DefaultTimeout();
        response.EnsureSuccessStatusCode();
        await _telegram.WaitForCallsAsync("sendMessage", chat, where: c => c.ReplyToMessageId == id && c.Succeeded).DefaultTimeout();
    }

    /// <summary>Summaries: every zq word given (the first request waits for the gate: it is stuck when the hub dies).</summary>
    private FakeOpenAiTurn Answer(JsonElement body)
    {
        var messages = ModelRequests.Messages(body);
        if (!ModelRequests.IsSummaryRequest(messages))
        {
            return FakeOpenAiTurn.Reply("An answer.");
        }

        switch (Interlocked.Increment(ref _summaryRequests))
        {
            case 1:
                _firstSummaryRequest.TrySetResult();
                _firstSummaryGate.Wait(TaskTimeoutExtensions.DefaultTimeoutSpan);
                break;
            case 3:
                _thirdSummaryRequest.TrySetResult();
                break;
        }

        return ModelRequests.Summarise(messages);
    }
}

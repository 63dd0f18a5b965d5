using ChatHub.Inference.Abstractions;
using ChatHub.Inference.ModelStage;
using ChatHub.Inference.Tests.TestSupport;
using ChatHub.Testing.OpenAi;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace ChatHub.Inference.Tests.ModelStage;

/// <summary>
/// Usage and budgets in the model stage (issue 22): each model call ends in one usage report (the backend's token counts,
/// or none: never guessed), and a person whose budget is used up gets no model call.
/// </summary>
public sealed class ModelStageUsageTests
{
    private static ChatOptions Person() => new ChatOptions().WithRequestContext(new ChatRequestContext("person-1", "telegram"));

    private static async Task<List<ChatResponseUpdate>> StreamAsync(ModelStageHost host, string question)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in host.Client.GetStreamingResponseAsync(Messages.Ask(question), Person()))
        {
            updates.Add(update);
        }

        return updates;
    }

    private static List<UsageDetails> Usage(IEnumerable<ChatResponseUpdate> updates) =>
        [.. updates.SelectMany(u => u.Contents).OfType<UsageContent>().Select(u => u.Details)];

    [Fact]
    public async Task Streaming_ServerReportsUsage_OneReportWithItsTokensAndOneCall()
    {
        await using var host = await ModelStageHost.StartAsync(); // the fake's plain stream ends with a usage chunk

        var updates = await StreamAsync(host, "Tell me a story").DefaultTimeout();

        var usage = Assert.Single(Usage(updates));
        Assert.Equal((5L, 4L), (usage.InputTokenCount, usage.OutputTokenCount));
        Assert.Equal(1, usage.AdditionalCounts![ChatHubResponseProperties.ModelCallsCount]);
        Assert.True(usage.AdditionalCounts.ContainsKey(ChatHubResponseProperties.ModelMillisecondsCount));
    }

    [Fact]
    public async Task Streaming_ToolRoundThenAnswer_OneReportPerCall_TokensUnknownWhenTheServerReportsNone()
    {
        await using var host = await ModelStageHost.StartAsync();
        host.Server.Script = body => body.GetProperty("messages").EnumerateArray().Last().GetProperty("role").GetString() == "tool"
            ? FakeOpenAiTurn.Reply("It is noon.")
            : FakeOpenAiTurn.Call("hub_current_time", "{}"); // scripted turns carry no usage

        var updates = await StreamAsync(host, "What time is it?").DefaultTimeout();

        var usage = Usage(updates);
        Assert.Equal(2, host.Server.Requests);
        Assert.Equal(2, usage.Count);
        Assert.All(usage, u => Assert.Equal(1, u.AdditionalCounts![ChatHubResponseProperties.ModelCallsCount]));
        Assert.All(usage, u => Assert.Null(u.InputTokenCount));
        Assert.All(usage, u => Assert.Null(u.OutputTokenCount));
        Assert.Contains("It is noon.", string.Concat(updates.Select(u => u.Text)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BudgetUsedUp_NoModelCall_TheNoticeOnceThenAnEmptyMarkedAnswer()
    {
        var budget = new ScriptedBudget(
            new ModelBudgetDecision(false, "day:2026-01-01", "Used up for today."), new ModelBudgetDecision(false, "day:2026-01-01"));
        await using var host = await ModelStageHost.StartAsync(services: s => s.AddSingleton<IModelBudget>(budget));

        var told = await StreamAsync(host, "Tell me a story").DefaultTimeout();
        var quiet = await StreamAsync(host, "Tell me another").DefaultTimeout();

        Assert.Equal(0, host.Server.Requests);
        Assert.Equal(["person-1", "person-1"], budget.Asked);
        var notice = Assert.Single(told);
        Assert.Equal("Used up for today.", notice.Text);
        Assert.Equal(ReplySources.System, notice.GetSource());
        Assert.Equal("day:2026-01-01", notice.AdditionalProperties![ChatHubResponseProperties.BudgetKey]);
        Assert.Equal("", Assert.Single(quiet).Text);
        Assert.Equal("day:2026-01-01", quiet[0].AdditionalProperties![ChatHubResponseProperties.BudgetKey]);
    }

    [Fact]
    public async Task BudgetAllows_TheModelAnswers()
    {
        var budget = new ScriptedBudget(ModelBudgetDecision.Allow);
        await using var host = await ModelStageHost.StartAsync(services: s => s.AddSingleton<IModelBudget>(budget));

        var updates = await StreamAsync(host, "Tell me a story").DefaultTimeout();

        Assert.Equal(1, host.Server.Requests);
        Assert.DoesNotContain(updates, u => u.AdditionalProperties?.ContainsKey(ChatHubResponseProperties.BudgetKey) == true);
    }

    private sealed class ScriptedBudget(params ModelBudgetDecision[] decisions) : IModelBudget
    {
        private int _next;

        public List<string> Asked { get; } = [];

        public ValueTask<ModelBudgetDecision> CheckAsync(string personId, CancellationToken cancellationToken)
        {
            Asked.Add(personId);
            return ValueTask.FromResult(decisions[Math.Min(_next++, decisions.Length - 1)]);
        }
    }
}

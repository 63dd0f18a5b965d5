using System.ComponentModel;
using System.Text.Json;
using ChatHub.Inference.Abstractions;
using ChatHub.Inference.LlamaCpp;
using ChatHub.Inference.ModelStage;
using ChatHub.Inference.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatHub.Inference.Tests.LlamaCpp;

/// <summary>
/// Tool calls from local models: the tools go into the chat template's system prompt, the call is sampled under the
/// tool-call grammar (llama_sampler_init_grammar), so it parses and names a real tool, and the hub runs it.
/// </summary>
[Collection(LlamaCollection.Name)]
public sealed class LlamaToolCallingTests(LlamaFixture fixture)
{
    [Fact]
    public async Task ToolCallingModel_LazyGrammar_EmitsACallThatParses()
    {
        using var client = LlamaCppChatClient.Create(fixture.Options(o => o.MaxTokens = 96, fixture.ToolCallingModelPath));
        var options = new ChatOptions { Tools = [Weather()], ToolMode = ChatToolMode.Auto };

        var updates = await client.GetStreamingResponseAsync(Messages.Ask("what is the weather in Oslo"), options).ToListWithTimeoutAsync();

        var call = Assert.Single(updates.SelectMany(update => update.Contents).OfType<FunctionCallContent>());
        Assert.Equal("weather", call.Name);
        var city = Assert.IsType<JsonElement>(call.Arguments!["city"]);
        Assert.Equal(JsonValueKind.String, city.ValueKind);
        Assert.Equal(ChatFinishReason.ToolCalls, updates[^1].FinishReason);
        Assert.DoesNotContain(updates, update => update.Text.Contains("<tool_call>", StringComparison.Ordinal)); // the call is not shown as text
    }

    /// <summary>The token limit ends the reply inside the call: no call, and no raw <c>&lt;tool_call&gt;</c> text for the person.</summary>
    [Fact]
    public async Task ToolCallingModel_TokenLimitInsideTheCall_NoRawCallTextShown()
    {
        using var client = LlamaCppChatClient.Create(fixture.Options(o => o.MaxTokens = 6, fixture.ToolCallingModelPath));
        var options = new ChatOptions { Tools = [Weather()], ToolMode = ChatToolMode.Auto };

        var updates = await client.GetStreamingResponseAsync(Messages.Ask("what is the weather in Oslo"), options).ToListWithTimeoutAsync();

        Assert.Empty(updates.SelectMany(update => update.Contents).OfType<FunctionCallContent>());
        Assert.DoesNotContain("<tool_call>", string.Concat(updates.Select(update => update.Text)), StringComparison.Ordinal);
        Assert.Equal(ChatFinishReason.Length, updates[^1].FinishReason);
    }

    [Fact]
    public async Task ToolCallingModel_NoTools_WritesTextWithoutCalls()
    {
        using var client = LlamaCppChatClient.Create(fixture.Options(o => o.MaxTokens = 4, fixture.ToolCallingModelPath));

        var response = await client.GetResponseAsync(Messages.Ask("what is the weather in Oslo")).DefaultTimeout();

        Assert.Equal("<tool_call><tool_call><tool_call><tool_call>", response.Text); // what the grammar prevents
        Assert.Empty(response.Messages.SelectMany(message => message.Contents).OfType<FunctionCallContent>());
    }

    [Fact]
    public async Task RandomModel_RequiredTool_GrammarMakesItsGibberishACallThatParses()
    {
        using var client = LlamaCppChatClient.Create(fixture.Options(o => (o.MaxTokens, o.ContextSize) = (220, 1024)));
        var options = new ChatOptions { Tools = [Weather(), Search()], ToolMode = ChatToolMode.RequireSpecific("search") };

        var response = await client.GetResponseAsync(Messages.Ask("tell me a story"), options).DefaultTimeout();

        var call = Assert.Single(response.Messages.SelectMany(message => message.Contents).OfType<FunctionCallContent>());
        Assert.Equal("search", call.Name);
        Assert.Equal(JsonValueKind.String, Assert.IsType<JsonElement>(call.Arguments!["query"]).ValueKind);
        if (call.Arguments.TryGetValue("limit", out var limit))
        {
            Assert.Equal(JsonValueKind.Number, Assert.IsType<JsonElement>(limit).ValueKind);
        }
    }

    [Fact]
    public async Task Hub_LocalModelCallsABuiltInTool_TheHubRunsItAndReplies()
    {
        var audit = new Audit();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Inference:Model:Path"] = fixture.ToolCallingModelPath,
            ["Inference:Model:ContextSize"] = "1024",
            ["Inference:Model:MaxSequences"] = "2",
            ["Inference:Model:Threads"] = "1",
            ["Inference:Model:MaxTokens"] = "96",
            ["Inference:Model:Temperature"] = "0",
            ["Inference:Tools:MaxRounds"] = "2",
        });
        builder.Services.AddInference(builder.Configuration).AddKnowledgeBase().AddLlamaCpp().AddModelStage();
        builder.Services.AddSingleton<IToolAuditSink>(audit);
        using var host = builder.Build();
        await host.StartAsync().DefaultTimeout();
        try
        {
            var client = host.Services.GetRequiredService<IChatClient>();
            var options = new ChatOptions().WithRequestContext(new ChatRequestContext("person-9", "discord") { TimeZone = "Europe/Oslo" });

            var response = await client.GetResponseAsync(Messages.Ask("zzz qqq xxx"), options).DefaultTimeout();

            Assert.False(string.IsNullOrWhiteSpace(response.Text));
            Assert.NotEmpty(audit.Records);
            Assert.All(audit.Records, record => Assert.Equal((ToolOutcomes.Ok, "person-9"), (record.Outcome, record.PersonId)));
            Assert.Contains(audit.Records, record => record.Tool == "current_time");
        }
        finally
        {
            await host.StopAsync().DefaultTimeout();
        }
    }

    private static AIFunction Weather() => AIFunctionFactory.Create(
        ([Description("The city.")] string city) => $"Sunny in {city}", "weather", "The weather in a city.");

    private static AIFunction Search() => AIFunctionFactory.Create(
        ([Description("What to look for.")] string query, [Description("How many.")] int limit = 3) => query, "search", "Searches.");

    private sealed class Audit : IToolAuditSink
    {
        public List<ToolCallRecord> Records { get; } = [];

        public ValueTask RecordAsync(ToolCallRecord record, CancellationToken cancellationToken)
        {
            lock (Records)
            {
                Records.Add(record);
            }

            return ValueTask.CompletedTask;
        }
    }
}

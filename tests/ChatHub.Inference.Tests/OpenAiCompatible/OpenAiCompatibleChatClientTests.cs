using ChatHub.Inference.Abstractions;
using ChatHub.Inference.OpenAiCompatible;
using ChatHub.Inference.Resilience;
using ChatHub.Inference.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using ChatHub.Inference.Fallback;
using ChatHub.Testing.OpenAi;

namespace ChatHub.Inference.Tests.OpenAiCompatible;

public sealed class OpenAiCompatibleChatClientTests
{
    [Fact]
    public async Task GetResponseAsync_FakeServer_SendsModelKeyAndTurnsAndReadsTheReply()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        using var client = new OpenAiCompatibleChatClient(Options(server));

        var response = await client.GetResponseAsync(
            Messages.Conversation((ChatRole.User, "hi"), (ChatRole.Assistant, "hello"), (ChatRole.User, "how are you?"))).DefaultTimeout();

        var sent = server.LastBody.GetProperty("messages").EnumerateArray()
            .Select(m => (m.GetProperty("role").GetString(), m.GetProperty("content").GetString())).ToArray();
        Assert.Equal("Hello from the fake", response.Text);
        Assert.Equal(ReplySources.Model, response.GetSource());
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(4, response.Usage?.OutputTokenCount);
        Assert.Equal("Bearer test-key", server.LastAuthorization);
        Assert.Equal("fake-model", server.LastBody.GetProperty("model").GetString());
        Assert.Equal([("system", "Be brief."), ("user", "hi"), ("assistant", "hello"), ("user", "how are you?")], sent);
    }

    [Fact]
    public async Task GetResponseAsync_ManyConcurrentCalls_ShareAtMostMaxConnectionsPerServer()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.ReplyDelay = TimeSpan.FromMilliseconds(200);
        var options = Options(server);
        options.MaxConnectionsPerServer = 2;
        using var client = new OpenAiCompatibleChatClient(options);

        var replies = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => client.GetResponseAsync(Messages.Conversation((ChatRole.User, "hi"))))).DefaultTimeout();

        Assert.All(replies, reply => Assert.Equal("Hello from the fake", reply.Text));
        Assert.Equal(12, server.Requests);
        Assert.InRange(server.Connections.Count, 1, 2); // without the cap: one connection per concurrent call
    }

    [Fact]
    public async Task GetStreamingResponseAsync_FakeServer_StreamsEachChunk()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        using var client = new OpenAiCompatibleChatClient(Options(server));

        var updates = await client.GetStreamingResponseAsync(Messages.Ask("hi")).ToListWithTimeoutAsync();

        Assert.Equal(FakeOpenAiServer.StreamPieces, updates.Select(update => update.Text).Where(text => text.Length > 0));
        Assert.Equal("Hello from the fake", updates.ToChatResponse().Text);
        Assert.Contains(updates, update => update.FinishReason == ChatFinishReason.Stop);
        Assert.All(updates, update => Assert.Equal(ReplySources.Model, update.GetSource()));
        Assert.True(server.LastBody.GetProperty("stream").GetBoolean());
        Assert.Equal(4, updates.ToChatResponse().Usage?.OutputTokenCount);
        Assert.Equal(9, updates.ToChatResponse().Usage?.TotalTokenCount);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CancelledMidStream_TheServerSeesTheDisconnect()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.Mode = FakeOpenAiMode.StallAfterFirstPiece;
        using var client = new OpenAiCompatibleChatClient(Options(server));
        using var cancel = new CancellationTokenSource();
        var received = new List<string>();

        var reading = Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(Messages.Ask("hi"), cancellationToken: cancel.Token))
            {
                received.Add(update.Text);
                await cancel.CancelAsync(); // after the first piece, while the server still holds the stream open
            }
        });
        await reading.DefaultTimeout();
        await server.StreamAborted.DefaultTimeout();

        Assert.Equal([FakeOpenAiServer.StreamPieces[0]], received);
    }

    [Fact]
    public async Task GetResponseAsync_OptionsDefaults_SentUnlessTheCallerSetsThem()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        var options = Options(server);
        options.MaxTokens = 64;
        options.Temperature = 0.25f;
        using var client = new OpenAiCompatibleChatClient(options);

        await client.GetResponseAsync(Messages.Ask("hi")).DefaultTimeout();
        var defaults = server.LastBody;
        await client.GetResponseAsync(Messages.Ask("hi"), new ChatOptions { MaxOutputTokens = 8, Temperature = 1.5f }).DefaultTimeout();
        var overridden = server.LastBody;

        Assert.Equal(64, defaults.GetProperty("max_completion_tokens").GetInt32());
        Assert.Equal(0.25, defaults.GetProperty("temperature").GetDouble(), 3);
        Assert.Equal(8, overridden.GetProperty("max_completion_tokens").GetInt32());
        Assert.Equal(1.5, overridden.GetProperty("temperature").GetDouble(), 3);
        Assert.Equal("system", overridden.GetProperty("messages")[0].GetProperty("role").GetString());
    }

    [Fact]
    public async Task ResilientClient_ServerAnswers500_FallsBackThenTheBreakerStopsCallingIt()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.Mode = FakeOpenAiMode.Fail;
        var options = new InferenceResilienceOptions { MinimumThroughput = 2, FailureRatio = 0.5, BreakDuration = TimeSpan.FromMinutes(5) };
        var pipeline = InferenceResiliencePipeline.Create(options, "openai-compatible", TimeProvider.System, NullLogger.Instance);
        using var client = new ResilientChatClient(
            new OpenAiCompatibleChatClient(Options(server)), new FallbackChatClient(options.FallbackReply), pipeline, "openai-compatible");

        var first = await client.GetResponseAsync(Messages.Ask("hi")).DefaultTimeout();
        var second = await client.GetStreamingResponseAsync(Messages.Ask("hi")).ToListWithTimeoutAsync();
        var callsWhenOpened = server.Requests;
        var third = await client.GetResponseAsync(Messages.Ask("hi")).DefaultTimeout();

        Assert.Equal(2, callsWhenOpened);
        Assert.Equal(2, server.Requests); // the open circuit answers without calling the server
        Assert.Equal(options.FallbackReply, first.Text);
        Assert.Equal(options.FallbackReply, second.ToChatResponse().Text);
        Assert.Equal(options.FallbackReply, third.Text);
        Assert.All([first.GetSource(), third.GetSource(), .. second.Select(u => u.GetSource())], source => Assert.Equal(ReplySources.System, source));
    }

    [Fact]
    public void ToString_WithApiKey_RedactsIt()
    {
        var options = new OpenAiCompatibleOptions { Endpoint = new Uri("http://localhost:8000/v1"), Model = "m", ApiKey = "sk-secret" };

        Assert.DoesNotContain("sk-secret", options.ToString(), StringComparison.Ordinal);
        Assert.Contains("sk-secret", options.ToString(includeSecrets: true), StringComparison.Ordinal);
    }

    private static OpenAiCompatibleOptions Options(FakeOpenAiServer server) => new()
    {
        Endpoint = server.Endpoint,
        ApiKey = "test-key",
        Model = "fake-model",
        SystemPrompt = "Be brief.",
    };
}

using System.Runtime.CompilerServices;
using ChatHub.Inference.Abstractions;
using ChatHub.Inference.Fallback;
using ChatHub.Inference.Resilience;
using ChatHub.Inference.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatHub.Inference.Tests.Resilience;

public sealed class ResilientChatClientTests
{
    private static readonly InferenceResilienceOptions Options = new() { Timeout = TimeSpan.FromSeconds(30), MinimumThroughput = 2 };

    [Fact]
    public async Task GetResponseAsync_BackendTooSlow_TimesOutToTheFallback()
    {
        var inner = new StubChatClient(async (_, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return StubChatClient.Respond("never", ReplySources.Model);
        });
        using var client = Create(inner, new InferenceResilienceOptions { Timeout = TimeSpan.FromMilliseconds(200) });

        var response = await client.GetResponseAsync(Messages.Ask("hi")).DefaultTimeout();

        Assert.Equal(Options.FallbackReply, response.Text);
        Assert.Equal(ReplySources.System, response.GetSource());
    }

    [Fact]
    public async Task GetResponseAsync_CallerCancels_ThrowsInsteadOfFallingBack()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inner = new StubChatClient(async (_, token) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, token);
            return StubChatClient.Respond("never", ReplySources.Model);
        });
        using var client = Create(inner, new InferenceResilienceOptions { Timeout = TimeSpan.FromSeconds(30) });
        using var cancellation = new CancellationTokenSource();

        var call = client.GetResponseAsync(Messages.Ask("hi"), null, cancellation.Token);
        await started.Task.DefaultTimeout();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call).DefaultTimeout();
    }

    [Fact]
    public async Task GetStreamingResponseAsync_BackendWorks_PassesUpdatesThrough()
    {
        using var client = Create(new ScriptedStreamingChatClient("a", "b", "c").Open());

        var updates = await client.GetStreamingResponseAsync(Messages.Ask("hi")).ToListWithTimeoutAsync();

        Assert.Equal(["a", "b", "c"], updates.Select(update => update.Text));
        Assert.All(updates, update => Assert.Equal(ReplySources.Model, update.GetSource()));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_FailsBeforeAnyText_StreamsTheFallback()
    {
        using var client = Create(new FailingStreamClient(piecesBeforeFailure: 0));

        var updates = await client.GetStreamingResponseAsync(Messages.Ask("hi")).ToListWithTimeoutAsync();

        Assert.Equal(Options.FallbackReply, updates.ToChatResponse().Text);
        Assert.All(updates, update => Assert.Equal(ReplySources.System, update.GetSource()));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_FailsAfterText_Rethrows()
    {
        using var client = Create(new FailingStreamClient(piecesBeforeFailure: 2));
        var received = new List<string>();

        await Assert.ThrowsAsync<HttpRequestException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(Messages.Ask("hi")))
            {
                received.Add(update.Text);
            }
        }).DefaultTimeout();

        Assert.Equal(["piece 0", "piece 1"], received);
    }

    [Fact]
    public async Task GetResponseAsync_RepeatedFailures_OpenTheCircuit()
    {
        var inner = new StubChatClient((_, _) => Task.FromException<ChatResponse>(new HttpRequestException("down")));
        using var client = Create(inner, new InferenceResilienceOptions { MinimumThroughput = 2, BreakDuration = TimeSpan.FromMinutes(1) });

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(ReplySources.System, (await client.GetResponseAsync(Messages.Ask("hi")).DefaultTimeout()).GetSource());
        }

        Assert.Equal(2, inner.Calls);
    }

    private static ResilientChatClient Create(IChatClient inner, InferenceResilienceOptions? options = null)
    {
        options ??= Options;
        var pipeline = InferenceResiliencePipeline.Create(options, "test", TimeProvider.System, NullLogger.Instance);
        return new ResilientChatClient(inner, new FallbackChatClient(options.FallbackReply), pipeline, "test");
    }

    private sealed class FailingStreamClient(int piecesBeforeFailure) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            for (var i = 0; i < piecesBeforeFailure; i++)
            {
                await Task.Yield();
                yield return new ChatResponseUpdate(ChatRole.Assistant, $"piece {i}").WithSource(ReplySources.Model);
            }

            throw new HttpRequestException("connection reset");
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}

using System.Runtime.CompilerServices;
using System.Threading.Channels;
using ChatHub.Inference.Abstractions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace ChatHub.Inference.Resilience;

/// <summary>
/// Runs a model backend inside a Polly pipeline (<see cref="InferenceResiliencePipeline"/>: circuit breaker and
/// timeout) and answers with the <c>fallback</c> client when the backend fails, times out or its circuit is open,
/// so a reply always comes, and says where it came from (the fallback's source is <see cref="ReplySources.System"/>).
/// A stream that fails after text has reached the caller rethrows instead (the caller already showed part of it).
/// The caller's own cancellation is never turned into a fallback.
/// </summary>
public sealed class ResilientChatClient : DelegatingChatClient
{
    private readonly IChatClient _fallback;
    private readonly ResiliencePipeline _pipeline;
    private readonly string _backend;
    private readonly ILogger _logger;

    public ResilientChatClient(
        IChatClient innerClient, IChatClient fallback, ResiliencePipeline pipeline, string backend, ILogger<ResilientChatClient>? logger = null)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentException.ThrowIfNullOrEmpty(backend);
        _fallback = fallback;
        _pipeline = pipeline;
        _backend = backend;
        _logger = logger ?? NullLogger<ResilientChatClient>.Instance;
    }

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToArray();
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (state, token) => await state.Inner.GetResponseAsync(state.List, state.Options, token),
                (Inner: InnerClient, List: list, Options: options),
                cancellationToken);
        }
        catch (Exception ex) when (!InferenceResiliencePipeline.IsCallerCancellation(ex, cancellationToken))
        {
            Log.ModelBackendFailed(_logger, _backend, ex.GetType().Name);
            return await _fallback.GetResponseAsync(list, options, cancellationToken);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToArray();
        var updates = Channel.CreateBounded<ChatResponseUpdate>(new BoundedChannelOptions(64) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = ProduceAsync(list, options, updates.Writer, stop.Token);
        var yielded = 0;
        var fallback = false;
        try
        {
            while (true)
            {
                ChatResponseUpdate update;
                try
                {
                    if (!await updates.Reader.WaitToReadAsync(cancellationToken) || !updates.Reader.TryRead(out update!))
                    {
                        break;
                    }
                }
                catch (Exception ex) when (yielded == 0 && !InferenceResiliencePipeline.IsCallerCancellation(ex, cancellationToken))
                {
                    Log.ModelBackendFailed(_logger, _backend, ex.GetType().Name);
                    fallback = true;
                    break;
                }

                yielded++;
                yield return update;
            }
        }
        finally
        {
            await stop.CancelAsync(); // the caller stopped reading, or the stream ended: stop the backend
            await producer;
        }

        if (fallback)
        {
            await foreach (var update in _fallback.GetStreamingResponseAsync(list, options, cancellationToken))
            {
                yield return update;
            }
        }
    }

    private async Task ProduceAsync(
        IReadOnlyList<ChatMessage> messages, ChatOptions? options, ChannelWriter<ChatResponseUpdate> writer, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            await _pipeline.ExecuteAsync(
                async token =>
                {
                    await foreach (var update in InnerClient.GetStreamingResponseAsync(messages, options, token).WithCancellation(token))
                    {
                        await writer.WriteAsync(update, token);
                    }
                },
                cancellationToken);
            writer.TryComplete();
        }
#pragma warning disable CA1031 // Handed to the reader, which decides: fallback, rethrow, or the caller's own cancellation.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            writer.TryComplete(ex);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _fallback.Dispose();
        }

        base.Dispose(disposing);
    }
}

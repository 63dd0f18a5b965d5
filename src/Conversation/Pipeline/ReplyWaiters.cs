using System.Collections.Concurrent;
using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Pipeline;

/// <summary>
/// Lets ingress wait until the final reply to a message has been sent, for the synchronous baseline
/// (<see cref="HubOptions.SynchronousIngress"/>): the benchmark's picture of a bot that does its work inside the
/// webhook request. Not for production: that is exactly what the asynchronous pipeline avoids.
/// </summary>
public sealed class ReplyWaiters
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiters = new(StringComparer.Ordinal);

    public Task Register(string inboundId) =>
        _waiters.GetOrAdd(inboundId, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Complete(OutboundMessage reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (reply.Kind == OutboundKind.Final && reply.InReplyTo is { } id && _waiters.TryRemove(id, out var waiter))
        {
            waiter.TrySetResult();
        }
    }

    public void Forget(string inboundId) => _waiters.TryRemove(inboundId, out _);
}

using System.Runtime.CompilerServices;
using ChatHub.Inference.Abstractions;
using Microsoft.Extensions.AI;

namespace ChatHub.Inference.Tests.TestSupport;

/// <summary>An inner client that streams given pieces, waiting for <see cref="Gate"/> before the pieces after the first.</summary>
internal sealed class ScriptedStreamingChatClient(params string[] pieces) : IChatClient
{
    private int _calls;

    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Lets every piece through at once.</summary>
    public ScriptedStreamingChatClient Open()
    {
        Gate.TrySetResult();
        return this;
    }

    public Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        for (var i = 0; i < pieces.Length; i++)
        {
            if (i == 1)
            {
                await Gate.Task.WaitAsync(cancellationToken);
            }

            yield return new ChatResponseUpdate(ChatRole.Assistant, pieces[i]).WithSource(ReplySources.Model);
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}

namespace ChatHub.Resp.PubSub;

/// <summary>One handler on one channel or pattern. Disposing it removes the handler (and unsubscribes after the last one).</summary>
public sealed class RespSubscription : IAsyncDisposable
{
    private readonly RespSubscriber _owner;

    internal RespSubscription(RespSubscriber owner, string channel, bool isPattern, Func<RespMessage, CancellationToken, ValueTask> handler)
    {
        _owner = owner;
        Channel = channel;
        IsPattern = isPattern;
        Handler = handler;
    }

    /// <summary>The channel, or the pattern when <see cref="IsPattern"/>.</summary>
    public string Channel { get; }

    public bool IsPattern { get; }

    internal Func<RespMessage, CancellationToken, ValueTask> Handler { get; }

    public ValueTask DisposeAsync() => new(_owner.RemoveAsync(this, CancellationToken.None));
}

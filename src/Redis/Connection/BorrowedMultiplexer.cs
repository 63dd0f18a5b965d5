using System.Reflection;
using System.Runtime.ExceptionServices;
using StackExchange.Redis;

namespace ChatHub.Redis.Connection;

/// <summary>
/// The shared multiplexer as handed to a library (the hot-question cache's L2 and backplane, the SignalR backplane):
/// every member goes to it, except <c>Close</c>, <c>CloseAsync</c>, <c>Dispose</c> and <c>DisposeAsync</c>, which do
/// nothing. Each of those libraries disposes the connection it was handed when it is itself disposed, and the
/// container disposes them in an order of its own; only <see cref="RedisConnection"/>, which the container disposes
/// after all of them (they depend on it), closes the real one.
/// </summary>
public class BorrowedMultiplexer : DispatchProxy
{
    private IConnectionMultiplexer? _owner;

    /// <summary>A view of <paramref name="owner"/> that cannot close it.</summary>
    public static IConnectionMultiplexer Of(IConnectionMultiplexer owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var view = Create<IConnectionMultiplexer, BorrowedMultiplexer>();
        ((BorrowedMultiplexer)(object)view)._owner = owner;
        return view;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        switch (targetMethod.Name)
        {
            case nameof(IDisposable.Dispose) or nameof(IConnectionMultiplexer.Close):
                return null;
            case nameof(IAsyncDisposable.DisposeAsync):
                return ValueTask.CompletedTask;
            case nameof(IConnectionMultiplexer.CloseAsync):
                return Task.CompletedTask;
        }

        try
        {
            return targetMethod.Invoke(_owner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
    }
}

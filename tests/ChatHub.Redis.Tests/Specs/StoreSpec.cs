using ChatHub.Redis.Tests.Backends;

namespace ChatHub.Redis.Tests.Specs;

/// <summary>
/// The base of the contract suites (the aspnetcore <c>ScaleoutHubLifetimeManagerTests&lt;T&gt;</c> idea): each suite is
/// abstract, and one derived class per backend runs it against the in-memory store, redis-server and garnet-server.
/// </summary>
public abstract class StoreSpec
{
    protected StoreSpec(StoreBackend backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        Context = backend.CreateContext();
    }

    protected StoreContext Context { get; }

    protected ManualTimeProvider Time => Context.Time;

    protected static CancellationToken None => CancellationToken.None;

    protected Task AdvanceAsync(TimeSpan by) => Context.AdvanceAsync(by);
}


namespace ChatHub.StoreSpecs;

/// <summary>
/// The base of the contract suites (the aspnetcore <c>ScaleoutHubLifetimeManagerTests&lt;T&gt;</c> idea): each suite is
/// abstract, and one derived class per backend runs it against the in-memory store, redis-server, garnet-server and SQLite
/// (where the backend has the seam).
/// </summary>
public abstract class StoreSpec : IAsyncLifetime
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

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Closes the backend's context (SQLite: the database, and its folder goes).</summary>
    public Task DisposeAsync() => Context.DisposeAsync().AsTask();
}

namespace ChatHub.StoreSpecs;

/// <summary>A backend the spec suites run against: in memory, redis-server or garnet-server (a fixture).</summary>
public abstract class StoreBackend
{
    public abstract StoreContext CreateContext();
}

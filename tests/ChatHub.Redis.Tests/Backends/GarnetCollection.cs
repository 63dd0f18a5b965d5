namespace ChatHub.Redis.Tests.Backends;

/// <summary>Test classes that share one garnet-server.</summary>
[CollectionDefinition(Name)]
public sealed class GarnetCollection : ICollectionFixture<GarnetBackend>
{
    public const string Name = "garnet-server";
}

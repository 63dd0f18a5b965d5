namespace ChatHub.Redis.Tests.Backends;

/// <summary>garnet-server (the .NET tool in .tools/), shared by the <see cref="GarnetCollection"/>.</summary>
public sealed class GarnetBackend : ServerBackend
{
    public override string Kind => "garnet";
}

namespace ChatHub.Resp.Tests.Servers;

/// <summary>The spec against garnet-server (the .NET tool in .tools/).</summary>
public sealed class GarnetServerTests(GarnetServerFixture fixture) : RespServerSpec<GarnetServerFixture>(fixture);

namespace ChatHub.Resp.Tests.Servers;

public sealed class ServerBinariesTests
{
    [Fact]
    public void Redis_NotOnPathAndNoVariable_ThrowsWithInstallHint()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => ServerBinaries.Redis(name => name == "PATH" ? "/nonexistent" : null));

        Assert.Contains("REDIS_SERVER", exception.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/deps/redis.sh", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Garnet_VariablePointsNowhere_ThrowsNamingThePath()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => ServerBinaries.Garnet(name => name == "GARNET_SERVER" ? "/nonexistent/garnet" : null));

        Assert.Contains("/nonexistent/garnet", exception.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/deps/redis.sh", exception.Message, StringComparison.Ordinal);
    }
}

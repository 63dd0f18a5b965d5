namespace ChatHub.Resp.Tests;

public sealed class RespConfigurationTests
{
    [Fact]
    public void Parse_HostOnly_UsesDefaults()
    {
        var config = RespConfiguration.Parse("cache");

        Assert.Equal("cache", config.Host);
        Assert.Equal(6379, config.Port);
        Assert.Equal(2, config.Protocol);
        Assert.Equal(TimeSpan.FromSeconds(5), config.CommandTimeout);
        Assert.False(config.Ssl);
    }

    [Fact]
    public void Parse_EveryOption_SetsEveryProperty()
    {
        var config = RespConfiguration.Parse(
            "redis.local:6380,password=s3cret=x,user=app,ssl=true,sslHost=redis.example,db=3,connectTimeout=1500,"
            + "commandTimeout=250,name=chathub-1,protocol=3,reconnectMinDelay=10,reconnectMaxDelay=2000");

        Assert.Equal("redis.local", config.Host);
        Assert.Equal(6380, config.Port);
        Assert.Equal("s3cret=x", config.Password);
        Assert.Equal("app", config.User);
        Assert.True(config.Ssl);
        Assert.Equal("redis.example", config.SslHost);
        Assert.Equal(3, config.Database);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), config.ConnectTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(250), config.CommandTimeout);
        Assert.Equal("chathub-1", config.ClientName);
        Assert.Equal(3, config.Protocol);
        Assert.Equal(TimeSpan.FromMilliseconds(10), config.ReconnectMinDelay);
        Assert.Equal(TimeSpan.FromSeconds(2), config.ReconnectMaxDelay);
    }

    [Theory]
    [InlineData("[::1]:7000", "::1", 7000)]
    [InlineData("[::1]", "::1", 6379)]
    [InlineData("127.0.0.1:1", "127.0.0.1", 1)]
    [InlineData("cache.internal:65535", "cache.internal", 65535)]
    public void Parse_EndPoints_ReadsHostAndPort(string text, string host, int port)
    {
        var config = RespConfiguration.Parse(text);

        Assert.Equal(host, config.Host);
        Assert.Equal(port, config.Port);
    }

    [Theory]
    [InlineData("", "host is missing")]
    [InlineData(":6379", "host is missing")]
    [InlineData("host:0", "'port'")]
    [InlineData("host:65536", "'port'")]
    [InlineData("host:abc", "'port'")]
    [InlineData("::1:6379", "IPv6")]
    [InlineData("[::1:6379", "IPv6")]
    [InlineData("password=x", "host:port")]
    [InlineData("host,db=-1", "'db'")]
    [InlineData("host,db=x", "'db'")]
    [InlineData("host,ssl=yes", "'ssl'")]
    [InlineData("host,protocol=4", "'protocol'")]
    [InlineData("host,commandTimeout=0", "'commandTimeout'")]
    [InlineData("host,connectTimeout=1.5", "'connectTimeout'")]
    [InlineData("host,bogus=1", "unknown option 'bogus'")]
    [InlineData("host,db", "without '=value'")]
    [InlineData("host,,db=1", "empty option")]
    [InlineData("host,db=1,DB=2", "given twice")]
    [InlineData("host,name=", "'name' needs a value")]
    [InlineData("host,user=app", "user needs a password")]
    [InlineData("host,reconnectMinDelay=500,reconnectMaxDelay=100", "ReconnectMaxDelay")]
    public void Parse_BadInput_ThrowsFormatExceptionNamingTheProblem(string text, string expectedInMessage)
    {
        var exception = Assert.Throws<FormatException>(() => RespConfiguration.Parse(text));

        Assert.Contains(expectedInMessage, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BadOptionAfterPassword_DoesNotEchoPassword()
    {
        var exception = Assert.Throws<FormatException>(() => RespConfiguration.Parse("host,password=hunter2,db=x"));

        Assert.DoesNotContain("hunter2", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_WithPassword_RedactsIt()
    {
        var config = RespConfiguration.Parse("host:1234,password=hunter2,user=app,db=2,name=n");

        var text = config.ToString();

        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.Contains("password=*****", text, StringComparison.Ordinal);
        Assert.StartsWith("host:1234,user=app,", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_IncludeSecrets_RoundTripsThroughParse()
    {
        var config = RespConfiguration.Parse("host:1234,password=hunter2,ssl=true,db=2,name=n,protocol=3,commandTimeout=750");

        var reparsed = RespConfiguration.Parse(config.ToString(includeSecrets: true));

        Assert.Equal(config, reparsed);
    }
}

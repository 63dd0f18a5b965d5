using ChatHub.Resp.Tests.TestHelpers;

namespace ChatHub.Resp.Tests.Connection;

/// <summary>The typed helpers write the commands the stores rely on, byte for byte.</summary>
public sealed class RespClientCommandTests
{
    [Fact]
    public async Task SetAsync_WholeSecondsAndNx_WritesExNxAndReturnsFalseWhenNotSet()
    {
        await using var harness = await ConnectedClient.StartAsync();

        var set = harness.Client.SetAsync("k", "v", TimeSpan.FromSeconds(10), RespSetCondition.IfNotExists);
        Assert.Equal(["SET", "k", "v", "EX", "10", "NX"], await harness.Server.ReadCommandAsync());
        await harness.Server.SendAsync("$-1\r\n");

        Assert.False(await set.DefaultTimeout());
    }

    [Fact]
    public async Task SetAsync_MillisecondsAndXx_WritesPxXxAndReturnsTrueOnOk()
    {
        await using var harness = await ConnectedClient.StartAsync();

        var set = harness.Client.SetAsync("k", 5L, TimeSpan.FromMilliseconds(1500), RespSetCondition.IfExists);
        Assert.Equal(["SET", "k", "5", "PX", "1500", "XX"], await harness.Server.ReadCommandAsync());
        await harness.Server.SendAsync("+OK\r\n");

        Assert.True(await set.DefaultTimeout());
    }

    [Fact]
    public async Task HashGetAllAsync_Resp3Map_ReturnsDictionary()
    {
        await using var harness = await ConnectedClient.StartAsync();

        var getAll = harness.Client.HashGetAllAsync("h");
        Assert.Equal(["HGETALL", "h"], await harness.Server.ReadCommandAsync());
        await harness.Server.SendAsync("%2\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n");

        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, await getAll.DefaultTimeout());
    }

    [Fact]
    public async Task EvalAsync_NoScript_FallsBackToEvalWithTheScriptText()
    {
        await using var harness = await ConnectedClient.StartAsync();
        var script = new RespScript("return ARGV[1]");

        var eval = harness.Client.EvalAsync(script, ["key1"], ["arg1"]);
        Assert.Equal(["EVALSHA", script.Sha1, "1", "key1", "arg1"], await harness.Server.ReadCommandAsync());
        await harness.Server.SendAsync("-NOSCRIPT No matching script. Please use EVAL.\r\n");
        Assert.Equal(["EVAL", "return ARGV[1]", "1", "key1", "arg1"], await harness.Server.ReadCommandAsync());
        await harness.Server.SendAsync("$4\r\narg1\r\n");

        Assert.Equal("arg1", (await eval.DefaultTimeout()).AsString());
    }

    [Fact]
    public async Task EvalAsync_OtherError_ThrowsWithoutFallback()
    {
        await using var harness = await ConnectedClient.StartAsync();

        var eval = harness.Client.EvalAsync(new RespScript("return redis.call('x')"), [], []);
        await harness.Server.ReadCommandAsync();
        await harness.Server.SendAsync("-ERR Unknown Redis command called from script\r\n");

        Assert.Equal("ERR", (await Assert.ThrowsAsync<RespServerException>(() => eval).DefaultTimeout()).Prefix);
    }

    [Fact]
    public void Sha1_KnownScript_MatchesRedisScriptLoad() =>
        Assert.Equal("e0e1f9fabfc9d4800c877a703b823ac0578ff8db", new RespScript("return 1").Sha1);

    [Fact]
    public async Task ExecuteTransactionAsync_WithConcurrentCaller_SendsMultiCommandsAndExecBackToBack()
    {
        await using var harness = await ConnectedClient.StartAsync();

        var transaction = harness.Client.ExecuteTransactionAsync([new RespCommand("SET", ["k", "1"]), new RespCommand("INCR", ["k"])]);
        var ping = harness.Client.PingAsync();
        Assert.Equal(["MULTI"], await harness.Server.ReadCommandAsync());
        Assert.Equal(["SET", "k", "1"], await harness.Server.ReadCommandAsync());
        Assert.Equal(["INCR", "k"], await harness.Server.ReadCommandAsync());
        Assert.Equal(["EXEC"], await harness.Server.ReadCommandAsync());
        Assert.Equal(["PING"], await harness.Server.ReadCommandAsync());
        await harness.Server.SendAsync("+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n+OK\r\n:2\r\n+PONG\r\n");

        Assert.Equal([RespValue.SimpleString("OK"), RespValue.Integer(2)], await transaction.DefaultTimeout());
        Assert.Equal("PONG", await ping.DefaultTimeout());
    }

    [Fact]
    public async Task ExecuteTransactionAsync_CommandRejectedWhileQueuing_ThrowsItsError()
    {
        await using var harness = await ConnectedClient.StartAsync(oneByteAtATime: false);

        var transaction = harness.Client.ExecuteTransactionAsync([new RespCommand("NOPE", [])]);
        for (var i = 0; i < 3; i++)
        {
            await harness.Server.ReadCommandAsync();
        }

        await harness.Server.SendAsync("+OK\r\n-ERR unknown command 'NOPE'\r\n-EXECABORT Transaction discarded because of previous errors.\r\n");

        var exception = await Assert.ThrowsAsync<RespServerException>(() => transaction).DefaultTimeout();
        Assert.Contains("NOPE", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListRangeAsync_NegativeIndexes_WritesThemAndReturnsStrings()
    {
        await using var harness = await ConnectedClient.StartAsync();

        var range = harness.Client.ListRangeAsync("l", 0, -1);
        Assert.Equal(["LRANGE", "l", "0", "-1"], await harness.Server.ReadCommandAsync());
        await harness.Server.SendAsync("*2\r\n$1\r\na\r\n$1\r\nb\r\n");

        Assert.Equal(["a", "b"], await range.DefaultTimeout());
    }
}

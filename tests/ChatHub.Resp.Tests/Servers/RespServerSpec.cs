using ChatHub.Resp.Tests.TestHelpers;

namespace ChatHub.Resp.Tests.Servers;

/// <summary>
/// The client against a real server. The same tests run against redis-server and garnet-server (the derived classes);
/// tests within one class run one at a time, so the ones that kill or restart the server disturb no other.
/// </summary>
public abstract partial class RespServerSpec<TFixture> : IClassFixture<TFixture>
    where TFixture : RespServerFixture
{
    protected RespServerSpec(TFixture fixture) => Fixture = fixture;

    protected TFixture Fixture { get; }

    protected RespConfiguration Configuration => Fixture.Server.Configuration;

    [Fact]
    public async Task PingAsync_RealServer_ReturnsPong()
    {
        await using var client = await ConnectAsync();

        Assert.Equal("PONG", await client.PingAsync().DefaultTimeout());
    }

    [Fact]
    public async Task SetAsync_TextAndBinaryValues_GetReturnsThemUnchanged()
    {
        await using var client = await ConnectAsync();
        var key = Key();
        byte[] binary = [0, 13, 10, 255, 36, 42];

        await client.SetAsync(key + ":text", "h\u00e9llo \r\n world").DefaultTimeout();
        await client.SetAsync(key + ":bin", binary).DefaultTimeout();

        Assert.Equal("h\u00e9llo \r\n world", await client.GetAsync(key + ":text").DefaultTimeout());
        Assert.Equal(binary, await client.GetBytesAsync(key + ":bin").DefaultTimeout());
        Assert.Null(await client.GetAsync(key + ":missing").DefaultTimeout());
    }

    [Fact]
    public async Task SetAsync_IfNotExists_WritesOnlyTheFirstTime()
    {
        await using var client = await ConnectAsync();
        var key = Key();

        var first = await client.SetAsync(key, "1", condition: RespSetCondition.IfNotExists).DefaultTimeout();
        var second = await client.SetAsync(key, "2", condition: RespSetCondition.IfNotExists).DefaultTimeout();

        Assert.True(first);
        Assert.False(second);
        Assert.Equal("1", await client.GetAsync(key).DefaultTimeout());
    }

    [Fact]
    public async Task SetAsync_IfExists_WritesOnlyExistingKeys()
    {
        await using var client = await ConnectAsync();
        var key = Key();

        Assert.False(await client.SetAsync(key, "1", condition: RespSetCondition.IfExists).DefaultTimeout());
        await client.SetAsync(key, "1").DefaultTimeout();
        Assert.True(await client.SetAsync(key, "2", condition: RespSetCondition.IfExists).DefaultTimeout());
        Assert.Equal("2", await client.GetAsync(key).DefaultTimeout());
    }

    [Fact]
    public async Task SetAsync_WithExpiry_SetsTtl()
    {
        await using var client = await ConnectAsync();
        var key = Key();

        await client.SetAsync(key + ":ex", "v", TimeSpan.FromSeconds(100)).DefaultTimeout();
        await client.SetAsync(key + ":px", "v", TimeSpan.FromMilliseconds(100_500)).DefaultTimeout();

        Assert.InRange(await client.TtlAsync(key + ":ex").DefaultTimeout(), 1, 100);
        Assert.InRange(await client.PttlAsync(key + ":px").DefaultTimeout(), 1, 100_500);
    }

    [Fact]
    public async Task ExpireAsync_ExistingAndMissingKeys_ReportsTtlStates()
    {
        await using var client = await ConnectAsync();
        var key = Key();
        await client.SetAsync(key, "v").DefaultTimeout();

        Assert.Equal(-1, await client.TtlAsync(key).DefaultTimeout());
        Assert.Equal(-2, await client.TtlAsync(key + ":missing").DefaultTimeout());
        Assert.True(await client.ExpireAsync(key, TimeSpan.FromSeconds(50)).DefaultTimeout());
        Assert.False(await client.ExpireAsync(key + ":missing", TimeSpan.FromSeconds(50)).DefaultTimeout());
        Assert.InRange(await client.TtlAsync(key).DefaultTimeout(), 1, 50);
        Assert.True(await client.ExpireAsync(key, TimeSpan.FromMilliseconds(40_500)).DefaultTimeout());
        Assert.InRange(await client.PttlAsync(key).DefaultTimeout(), 1, 40_500);
    }

    [Fact]
    public async Task DeleteAsync_SomeKeysExist_CountsThem()
    {
        await using var client = await ConnectAsync();
        var key = Key();
        await client.SetAsync(key + ":a", "1").DefaultTimeout();
        await client.SetAsync(key + ":b", "1").DefaultTimeout();

        Assert.Equal(2, await client.ExistsAsync([key + ":a", key + ":b", key + ":c"]).DefaultTimeout());
        Assert.Equal(2, await client.DeleteAsync([key + ":a", key + ":b", key + ":c"]).DefaultTimeout());
        Assert.False(await client.ExistsAsync(key + ":a").DefaultTimeout());
        Assert.False(await client.DeleteAsync(key + ":a").DefaultTimeout());
    }

    [Fact]
    public async Task IncrementAsync_ManyConcurrentCallers_CountsEveryIncrement()
    {
        await using var client = await ConnectAsync();
        var key = Key();

        await Task.WhenAll(Enumerable.Range(0, 500).Select(_ => client.IncrementAsync(key))).DefaultTimeout();

        Assert.Equal(510, await client.IncrementByAsync(key, 10).DefaultTimeout());
        Assert.Equal(500, await client.IncrementByAsync(key, -10).DefaultTimeout());
    }

    [Fact]
    public async Task HashCommands_SetGetGetAllDelete_Work()
    {
        await using var client = await ConnectAsync();
        var key = Key();

        Assert.True(await client.HashSetAsync(key, "a", "1").DefaultTimeout());
        Assert.False(await client.HashSetAsync(key, "a", "2").DefaultTimeout());
        Assert.Equal(2, await client.HashSetAsync(key, [new("b", "3"), new("c", 4L)]).DefaultTimeout());
        Assert.Equal("2", await client.HashGetAsync(key, "a").DefaultTimeout());
        Assert.Null(await client.HashGetAsync(key, "zzz").DefaultTimeout());
        Assert.Equal(1, await client.HashDeleteAsync(key, ["b", "zzz"]).DefaultTimeout());
        Assert.Equal(new Dictionary<string, string> { ["a"] = "2", ["c"] = "4" }, await client.HashGetAllAsync(key).DefaultTimeout());
        Assert.Empty(await client.HashGetAllAsync(key + ":missing").DefaultTimeout());
    }

    [Fact]
    public async Task ListCommands_PushRangeTrim_Work()
    {
        await using var client = await ConnectAsync();
        var key = Key();

        Assert.Equal(3, await client.ListRightPushAsync(key, ["c", "d", "e"]).DefaultTimeout());
        Assert.Equal(5, await client.ListLeftPushAsync(key, ["b", "a"]).DefaultTimeout());
        Assert.Equal(["a", "b", "c", "d", "e"], await client.ListRangeAsync(key, 0, -1).DefaultTimeout());
        await client.ListTrimAsync(key, -3, -1).DefaultTimeout();
        Assert.Equal(["c", "d", "e"], await client.ListRangeAsync(key, 0, -1).DefaultTimeout());
        Assert.Empty(await client.ListRangeAsync(key + ":missing", 0, -1).DefaultTimeout());
    }

    [Fact]
    public async Task EvalAsync_AfterScriptFlush_FallsBackToEvalWhichCachesTheScript()
    {
        await using var client = await ConnectAsync();
        var key = Key();
        var script = new RespScript("redis.call('SET', KEYS[1], ARGV[1]) return redis.call('INCRBY', KEYS[2], ARGV[2])");
        await client.ExecuteAsync("SCRIPT", ["FLUSH"]).DefaultTimeout();
        Assert.Equal(RespValue.Array(RespValue.Integer(0)), await client.ExecuteAsync("SCRIPT", ["EXISTS", script.Sha1]).DefaultTimeout());

        var first = await client.EvalAsync(script, [key + ":s", key + ":n"], ["v", 5L]).DefaultTimeout();
        var cached = await client.ExecuteAsync("SCRIPT", ["EXISTS", script.Sha1]).DefaultTimeout();
        var second = await client.EvalAsync(script, [key + ":s", key + ":n"], ["v", 5L]).DefaultTimeout();

        Assert.Equal(5, first.AsInt64());
        Assert.Equal(RespValue.Array(RespValue.Integer(1)), cached);
        Assert.Equal(10, second.AsInt64());
        Assert.Equal("v", await client.GetAsync(key + ":s").DefaultTimeout());
    }

    [Fact]
    public async Task ExecuteAsync_WrongType_ThrowsRespServerExceptionWithPrefix()
    {
        await using var client = await ConnectAsync();
        var key = Key();
        await client.SetAsync(key, "text").DefaultTimeout();

        var wrongType = await Assert.ThrowsAsync<RespServerException>(() => client.ListLeftPushAsync(key, ["x"])).DefaultTimeout();
        var unknown = await Assert.ThrowsAsync<RespServerException>(() => client.ExecuteAsync("NOSUCHCOMMAND")).DefaultTimeout();

        Assert.Equal("WRONGTYPE", wrongType.Prefix);
        Assert.Equal("ERR", unknown.Prefix);
        Assert.Equal("PONG", await client.PingAsync().DefaultTimeout());
    }

    [Fact]
    public async Task ExecuteTransactionAsync_RealServer_RunsCommandsTogether()
    {
        await using var client = await ConnectAsync();
        var key = Key();

        var results = await client.ExecuteTransactionAsync(
            [new RespCommand("SET", [key, "1"]), new RespCommand("INCRBY", [key, 41L]), new RespCommand("GET", [key])]).DefaultTimeout();

        Assert.Equal([RespValue.SimpleString("OK"), RespValue.Integer(42), RespValue.BulkString("42")], results);
    }

    [Fact]
    public async Task SetAsync_TwoMegabyteValue_RoundTrips()
    {
        await using var client = await ConnectAsync();
        var key = Key();
        var value = new byte[2 * 1024 * 1024];
        new Random(42).NextBytes(value);

        await client.SetAsync(key, value).DefaultTimeout();

        Assert.Equal(value, await client.GetBytesAsync(key).DefaultTimeout());
    }

    [Fact]
    public async Task ConnectAsync_Database_IsolatesKeysBetweenDatabases()
    {
        await using var db1 = await ConnectAsync(Configuration with { Database = 1 });
        await using var db2 = await ConnectAsync(Configuration with { Database = 2 });
        var key = Key();

        await db1.SetAsync(key, "one").DefaultTimeout();

        Assert.Equal("one", await db1.GetAsync(key).DefaultTimeout());
        Assert.Null(await db2.GetAsync(key).DefaultTimeout());
    }

    [Fact]
    public async Task ConnectAsync_ClientName_IsSetOnTheConnection()
    {
        await using var client = await ConnectAsync(Configuration with { ClientName = "chathub-test" });

        Assert.Equal("chathub-test", (await client.ExecuteAsync("CLIENT", ["GETNAME"]).DefaultTimeout()).AsString());
    }

    [Fact]
    public async Task ConnectAsync_Protocol3_ServerRepliesWithResp3Types()
    {
        await using var client = await ConnectAsync(Configuration with { Protocol = 3 });
        var key = Key();
        await client.HashSetAsync(key, "f", "v").DefaultTimeout();

        var raw = await client.ExecuteAsync("HGETALL", [key]).DefaultTimeout();

        Assert.Equal(RespType.Map, raw.Type);
        Assert.Equal("v", (await client.HashGetAllAsync(key).DefaultTimeout())["f"]);
        Assert.Equal(RespValue.Null, await client.ExecuteAsync("GET", [key + ":missing"]).DefaultTimeout());
    }

    protected static string Key() => "test:" + Guid.NewGuid().ToString("N");

    protected Task<RespClient> ConnectAsync(RespConfiguration? configuration = null) =>
        RespClient.ConnectAsync(configuration ?? Configuration).DefaultTimeout();
}

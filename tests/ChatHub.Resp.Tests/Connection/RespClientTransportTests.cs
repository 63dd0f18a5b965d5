using System.Globalization;
using ChatHub.Resp.Tests.TestHelpers;

namespace ChatHub.Resp.Tests.Connection;

public sealed class RespClientTransportTests
{
    [Fact]
    public async Task ExecuteAsync_Ping_WritesExactBytesAndReadsReplyArrivingByteByByte()
    {
        await using var harness = await ConnectedClient.StartAsync();

        var ping = harness.Client.ExecuteAsync("PING");
        await harness.Server.ExpectAsync("*1\r\n$4\r\nPING\r\n");
        await harness.Server.SendAsync("+PONG\r\n");

        Assert.Equal(RespValue.SimpleString("PONG"), await ping.DefaultTimeout());
    }

    [Fact]
    public async Task ExecuteAsync_ManyConcurrentCallers_EachGetsItsOwnReply()
    {
        await using var harness = await ConnectedClient.StartAsync(oneByteAtATime: false);
        const int callers = 200;

        var calls = Enumerable.Range(0, callers)
            .Select(i => Task.Run(() => harness.Client.ExecuteAsync("ECHO", [i.ToString(CultureInfo.InvariantCulture)])))
            .ToArray();
        for (var i = 0; i < callers; i++)
        {
            // Answer in the order the commands arrived, each with its own argument.
            var command = await harness.Server.ReadCommandAsync();
            Assert.Equal("ECHO", command[0]);
            await harness.Server.SendAsync($"${command[1].Length}\r\n{command[1]}\r\n");
        }

        var replies = await Task.WhenAll(calls).DefaultTimeout();
        for (var i = 0; i < callers; i++)
        {
            Assert.Equal(i.ToString(CultureInfo.InvariantCulture), replies[i].AsString());
        }
    }

    [Fact]
    public async Task ExecuteAsync_NoReplyWithinTimeout_ThrowsRespTimeoutExceptionAndKeepsItsSlot()
    {
        var clock = new ManualTimeProvider();
        await using var harness = await ConnectedClient.StartAsync(new RespConfiguration { TimeProvider = clock });

        var late = harness.Client.ExecuteAsync("ECHO", ["late"]);
        await harness.Server.ExpectAsync("*2\r\n$4\r\nECHO\r\n$4\r\nlate\r\n");
        clock.Advance(TimeSpan.FromSeconds(5));
        var timeout = await Assert.ThrowsAsync<RespTimeoutException>(() => late).DefaultTimeout();
        var next = harness.Client.ExecuteAsync("ECHO", ["next"]);
        await harness.Server.ExpectAsync("*2\r\n$4\r\nECHO\r\n$4\r\nnext\r\n");
        await harness.Server.SendAsync("$4\r\nlate\r\n$4\r\nnext\r\n");

        Assert.Equal("next", (await next.DefaultTimeout()).AsString());
        Assert.Contains("ECHO", timeout.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("late", timeout.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_CallerCancelsWhileWaiting_ThrowsAndLaterReplyGoesToNextCaller()
    {
        await using var harness = await ConnectedClient.StartAsync();
        using var cancel = new CancellationTokenSource();

        var cancelled = harness.Client.ExecuteAsync("GET", ["a"], cancel.Token);
        await harness.Server.ReadCommandAsync();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled).DefaultTimeout();
        var next = harness.Client.ExecuteAsync("GET", ["b"]);
        await harness.Server.ReadCommandAsync();
        await harness.Server.SendAsync("$1\r\nA\r\n$1\r\nB\r\n");

        Assert.Equal("B", (await next.DefaultTimeout()).AsString());
    }

    [Fact]
    public async Task ExecuteAsync_ErrorReply_ThrowsRespServerExceptionWithPrefix()
    {
        await using var harness = await ConnectedClient.StartAsync();

        var call = harness.Client.ExecuteAsync("LPUSH", ["k", "v"]);
        await harness.Server.ReadCommandAsync();
        await harness.Server.SendAsync("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");

        var exception = await Assert.ThrowsAsync<RespServerException>(() => call).DefaultTimeout();
        Assert.Equal("WRONGTYPE", exception.Prefix);
    }

    [Fact]
    public async Task ExecuteAsync_BulkErrorReply_ThrowsRespServerException()
    {
        await using var harness = await ConnectedClient.StartAsync();

        var call = harness.Client.ExecuteAsync("X");
        await harness.Server.ReadCommandAsync();
        await harness.Server.SendAsync("!21\r\nSYNTAX invalid syntax\r\n");

        Assert.Equal("SYNTAX", (await Assert.ThrowsAsync<RespServerException>(() => call).DefaultTimeout()).Prefix);
    }

    [Fact]
    public async Task ExecuteAsync_Resp3PushBeforeReply_IgnoresPushAndMatchesReply()
    {
        await using var harness = await ConnectedClient.StartAsync();

        var call = harness.Client.ExecuteAsync("GET", ["k"]);
        await harness.Server.ReadCommandAsync();
        await harness.Server.SendAsync(">2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\nk\r\n$1\r\nv\r\n");

        Assert.Equal("v", (await call.DefaultTimeout()).AsString());
    }

    [Theory]
    [InlineData("SUBSCRIBE")]
    [InlineData("psubscribe")]
    [InlineData("MULTI")]
    [InlineData("SELECT")]
    [InlineData("AUTH")]
    public async Task ExecuteAsync_CommandThatWouldBreakTheSharedConnection_ThrowsArgumentException(string command)
    {
        await using var harness = await ConnectedClient.StartAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => harness.Client.ExecuteAsync(command, ["x"])).DefaultTimeout();
    }

    [Fact]
    public async Task ExecuteAsync_ClientReplyOff_ThrowsArgumentException()
    {
        await using var harness = await ConnectedClient.StartAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => harness.Client.ExecuteAsync("client", ["reply", "off"])).DefaultTimeout();
    }

    [Fact]
    public async Task ReadLoop_MalformedReply_FailsWaitingCallerWithProtocolErrorInside()
    {
        await using var harness = await ConnectedClient.StartAsync();

        var call = harness.Client.ExecuteAsync("PING");
        await harness.Server.ReadCommandAsync();
        await harness.Server.SendAsync("$-7\r\n");

        var exception = await Assert.ThrowsAsync<RespConnectionException>(() => call).DefaultTimeout();
        Assert.IsType<RespProtocolException>(exception.InnerException);
    }

    [Fact]
    public async Task ReadLoop_ReplyWithNoCommandWaiting_DropsTheConnection()
    {
        await using var harness = await ConnectedClient.StartAsync();
        var failed = new TaskCompletionSource<RespConnectionEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Client.ConnectionFailed += (_, e) => failed.TrySetResult(e);

        await harness.Server.SendAsync("+OK\r\n");

        var lost = await failed.Task.DefaultTimeout();
        Assert.Equal(0, lost.Attempt);
        Assert.IsType<RespProtocolException>(lost.Exception?.InnerException);
    }

    [Fact]
    public async Task ExecuteAsync_LargeReplyInOneChunk_ReadsIt()
    {
        await using var harness = await ConnectedClient.StartAsync(oneByteAtATime: false);
        var payload = new string('x', 3 * 1024 * 1024);

        var call = harness.Client.GetAsync("big");
        await harness.Server.ReadCommandAsync();
        await harness.Server.SendAsync($"${payload.Length}\r\n{payload}\r\n");

        Assert.Equal(payload, await call.DefaultTimeout());
    }
}

using ChatHub.Resp.Tests.TestHelpers;

namespace ChatHub.Resp.Tests.Connection;

public sealed class RespReconnectTests
{
    private static readonly RespConfiguration WithHandshake = new()
    {
        User = "app",
        Password = "hunter2",
        Database = 2,
        ClientName = "chathub",
    };

    [Fact]
    public async Task ConnectAsync_PasswordUserDbAndName_SendsAuthSelectAndSetNamePipelined()
    {
        var transport = new TestTransport();

        var connecting = RespClient.ConnectAsync(transport.Configuration(WithHandshake));
        var server = await transport.AcceptAsync();
        await server.ExpectAsync(
            "*3\r\n$4\r\nAUTH\r\n$3\r\napp\r\n$7\r\nhunter2\r\n"
            + "*2\r\n$6\r\nSELECT\r\n$1\r\n2\r\n"
            + "*3\r\n$6\r\nCLIENT\r\n$7\r\nSETNAME\r\n$7\r\nchathub\r\n");
        await server.SendAsync("+OK\r\n+OK\r\n+OK\r\n");
        await using var client = await connecting.DefaultTimeout();

        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task ConnectAsync_Protocol3_SendsHelloWithAuth()
    {
        var transport = new TestTransport();

        var connecting = RespClient.ConnectAsync(transport.Configuration(new RespConfiguration { Password = "pw", Protocol = 3 }));
        var server = await transport.AcceptAsync();
        await server.ExpectAsync("*5\r\n$5\r\nHELLO\r\n$1\r\n3\r\n$4\r\nAUTH\r\n$7\r\ndefault\r\n$2\r\npw\r\n");
        await server.SendAsync("%1\r\n$5\r\nproto\r\n:3\r\n");
        await using var client = await connecting.DefaultTimeout();

        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task ConnectAsync_AuthRejected_ThrowsRespConnectionExceptionWithServerErrorInside()
    {
        var transport = new TestTransport();

        var connecting = RespClient.ConnectAsync(transport.Configuration(new RespConfiguration { Password = "wrong" }));
        var server = await transport.AcceptAsync();
        await server.ReadCommandAsync();
        await server.SendAsync("-WRONGPASS invalid username-password pair or user is disabled.\r\n");

        var exception = await Assert.ThrowsAsync<RespConnectionException>(() => connecting).DefaultTimeout();
        Assert.Equal("WRONGPASS", Assert.IsType<RespServerException>(exception.InnerException).Prefix);
        Assert.DoesNotContain("wrong", exception.Message.Replace("WRONGPASS", "", StringComparison.Ordinal), StringComparison.Ordinal);
        await server.ClosedByClient.DefaultTimeout();
    }

    [Fact]
    public async Task ConnectAsync_ServerNeverAnswersHandshake_ThrowsAfterConnectTimeout()
    {
        var transport = new TestTransport();
        var clock = new ManualTimeProvider();
        var config = transport.Configuration(new RespConfiguration { Password = "pw", TimeProvider = clock });

        var connecting = RespClient.ConnectAsync(config);
        var server = await transport.AcceptAsync();
        await server.ReadCommandAsync();
        clock.Advance(TimeSpan.FromSeconds(5));

        var exception = await Assert.ThrowsAsync<RespConnectionException>(() => connecting).DefaultTimeout();
        Assert.Contains("within 5000 ms", exception.Message, StringComparison.Ordinal);
        await server.ClosedByClient.DefaultTimeout();
    }

    [Fact]
    public async Task ConnectAsync_TransportRefuses_ThrowsRespConnectionException()
    {
        var transport = new TestTransport { Refusing = true };

        await Assert.ThrowsAsync<RespConnectionException>(() => RespClient.ConnectAsync(transport.Configuration())).DefaultTimeout();
    }

    [Fact]
    public async Task ConnectionLost_CallersWaiting_AllFailWithRespConnectionException()
    {
        await using var harness = await ConnectedClient.StartAsync();

        var calls = Enumerable.Range(0, 3).Select(_ => harness.Client.ExecuteAsync("PING")).ToArray();
        await harness.Server.ReadCommandAsync();
        harness.Server.Disconnect();

        foreach (var call in calls)
        {
            await Assert.ThrowsAsync<RespConnectionException>(() => call).DefaultTimeout();
        }
    }

    [Fact]
    public async Task ConnectionLost_WhileDisconnected_CallersFailFastThenReconnectRestoresService()
    {
        await using var harness = await ConnectedClient.StartAsync();
        var failed = new TaskCompletionSource<RespConnectionEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reconnected = new TaskCompletionSource<RespConnectionEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        var refusedAttempts = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Client.ConnectionFailed += (_, e) =>
        {
            if (e.Attempt == 0)
            {
                failed.TrySetResult(e);
            }
            else if (e.Attempt >= 3)
            {
                refusedAttempts.TrySetResult();
            }
        };
        harness.Client.Reconnected += (_, e) => reconnected.TrySetResult(e);
        harness.Transport.Refusing = true;

        harness.Server.Disconnect();
        await failed.Task.DefaultTimeout();
        var whileDown = await Assert.ThrowsAsync<RespConnectionException>(() => harness.Client.ExecuteAsync("PING")).DefaultTimeout();
        await refusedAttempts.Task.DefaultTimeout();
        harness.Transport.Refusing = false;
        var server = await harness.Transport.AcceptAsync();
        var back = await reconnected.Task.DefaultTimeout();
        var ping = harness.Client.ExecuteAsync("PING");
        await server.ExpectAsync("*1\r\n$4\r\nPING\r\n");
        await server.SendAsync("+PONG\r\n");

        Assert.Equal("PONG", (await ping.DefaultTimeout()).AsString());
        Assert.Contains("Not connected", whileDown.Message, StringComparison.Ordinal);
        Assert.True(back.Attempt > 3);
        Assert.Null(back.Exception);
        Assert.True(harness.Client.IsConnected);
    }

    [Fact]
    public async Task Reconnect_NewConnectionDiesAtOnce_ReconnectsAgain()
    {
        await using var harness = await ConnectedClient.StartAsync();
        var reconnects = 0;
        var twice = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Client.Reconnected += (_, _) =>
        {
            if (Interlocked.Increment(ref reconnects) == 2)
            {
                twice.TrySetResult();
            }
        };

        harness.Server.Disconnect();
        (await harness.Transport.AcceptAsync()).Disconnect();
        var third = await harness.Transport.AcceptAsync();
        await twice.Task.DefaultTimeout();
        var ping = harness.Client.ExecuteAsync("PING");
        await third.ExpectAsync("*1\r\n$4\r\nPING\r\n");
        await third.SendAsync("+PONG\r\n");

        Assert.Equal("PONG", (await ping.DefaultTimeout()).AsString());
    }

    [Fact]
    public async Task Reconnect_WithHandshake_RedoesHandshakeBeforeCallersGetTheConnection()
    {
        var transport = new TestTransport();
        var connecting = RespClient.ConnectAsync(transport.Configuration(WithHandshake));
        var first = await transport.AcceptAsync();
        await first.ReadCommandAsync();
        await first.ReadCommandAsync();
        await first.ReadCommandAsync();
        await first.SendAsync("+OK\r\n+OK\r\n+OK\r\n");
        await using var client = await connecting.DefaultTimeout();
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Reconnected += (_, _) => reconnected.TrySetResult();

        first.Disconnect();
        var second = await transport.AcceptAsync();
        Assert.Equal(["AUTH", "app", "hunter2"], await second.ReadCommandAsync());
        Assert.Equal(["SELECT", "2"], await second.ReadCommandAsync());
        Assert.Equal(["CLIENT", "SETNAME", "chathub"], await second.ReadCommandAsync());
        Assert.False(reconnected.Task.IsCompleted);
        await second.SendAsync("+OK\r\n+OK\r\n+OK\r\n");
        await reconnected.Task.DefaultTimeout();

        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task Reconnect_HandshakeRejected_KeepsRetrying()
    {
        var transport = new TestTransport();
        var connecting = RespClient.ConnectAsync(transport.Configuration(new RespConfiguration { Password = "pw" }));
        var first = await transport.AcceptAsync();
        await first.ReadCommandAsync();
        await first.SendAsync("+OK\r\n");
        await using var client = await connecting.DefaultTimeout();
        var rejected = new TaskCompletionSource<RespConnectionEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ConnectionFailed += (_, e) =>
        {
            if (e.Attempt == 1)
            {
                rejected.TrySetResult(e);
            }
        };
        client.Reconnected += (_, _) => reconnected.TrySetResult();

        first.Disconnect();
        var second = await transport.AcceptAsync();
        await second.ReadCommandAsync();
        await second.SendAsync("-ERR invalid password\r\n");
        var attempt = await rejected.Task.DefaultTimeout();
        var third = await transport.AcceptAsync();
        await third.ReadCommandAsync();
        await third.SendAsync("+OK\r\n");
        await reconnected.Task.DefaultTimeout();

        Assert.IsType<RespServerException>(attempt.Exception?.InnerException);
    }

    [Fact]
    public async Task DisposeAsync_CallerWaiting_FailsWithRespConnectionException()
    {
        var harness = await ConnectedClient.StartAsync();

        var call = harness.Client.ExecuteAsync("PING");
        await harness.Server.ReadCommandAsync();
        await harness.DisposeAsync().DefaultTimeout();

        await Assert.ThrowsAsync<RespConnectionException>(() => call).DefaultTimeout();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => harness.Client.ExecuteAsync("PING")).DefaultTimeout();
        await harness.Server.ClosedByClient.DefaultTimeout();
    }
}

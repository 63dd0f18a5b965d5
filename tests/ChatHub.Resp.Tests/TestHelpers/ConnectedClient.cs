namespace ChatHub.Resp.Tests.TestHelpers;

/// <summary>A client connected through a <see cref="TestTransport"/>, with the server end of its first connection.</summary>
public sealed class ConnectedClient : IAsyncDisposable
{
    private ConnectedClient(TestTransport transport, RespClient client, TestDuplexStream server)
    {
        Transport = transport;
        Client = client;
        Server = server;
    }

    public TestTransport Transport { get; }

    public RespClient Client { get; }

    public TestDuplexStream Server { get; }

    /// <summary>Connects with no handshake (no password, db 0, no name), so no bytes are exchanged.</summary>
    public static async Task<ConnectedClient> StartAsync(RespConfiguration? template = null, bool oneByteAtATime = true)
    {
        var transport = new TestTransport { OneByteAtATime = oneByteAtATime };
        var client = await RespClient.ConnectAsync(transport.Configuration(template)).DefaultTimeout();
        var server = await transport.AcceptAsync();
        return new ConnectedClient(transport, client, server);
    }

    public ValueTask DisposeAsync() => Client.DisposeAsync();
}

using System.Threading.Channels;

namespace ChatHub.Resp.Tests.TestHelpers;

/// <summary>
/// Plays the network for a client: every connect the client makes gets a new <see cref="TestDuplexStream"/>, which the
/// test picks up with <see cref="AcceptAsync"/> (in connect order). While <see cref="Refusing"/>, connects fail.
/// </summary>
public sealed class TestTransport
{
    private readonly Channel<TestDuplexStream> _accepted = Channel.CreateUnbounded<TestDuplexStream>();
    private int _refused;
    private volatile bool _refusing;

    public bool OneByteAtATime { get; init; } = true;

    /// <summary>While true, connects fail with an <see cref="IOException"/>.</summary>
    public bool Refusing
    {
        get => _refusing;
        set => _refusing = value;
    }

    /// <summary>How many connects were refused so far.</summary>
    public int RefusedCount => Volatile.Read(ref _refused);

    /// <summary>A configuration that connects through this transport, with short delays so reconnects are quick.</summary>
    public RespConfiguration Configuration(RespConfiguration? template = null) => (template ?? new RespConfiguration()) with
    {
        StreamFactory = ConnectAsync,
        ReconnectMinDelay = TimeSpan.FromMilliseconds(1),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(20),
    };

    public Task<TestDuplexStream> AcceptAsync() => _accepted.Reader.ReadAsync().AsTask().DefaultTimeout();

    private ValueTask<Stream> ConnectAsync(CancellationToken cancellationToken)
    {
        if (Refusing)
        {
            Interlocked.Increment(ref _refused);
            throw new IOException("Connection refused (test transport).");
        }

        var stream = new TestDuplexStream { OneByteAtATime = OneByteAtATime };
        _accepted.Writer.TryWrite(stream);
        return ValueTask.FromResult<Stream>(stream);
    }
}

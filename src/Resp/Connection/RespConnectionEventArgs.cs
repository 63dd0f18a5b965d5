namespace ChatHub.Resp;

/// <summary>
/// A connection event: the connection was lost or a reconnect attempt failed (<see cref="Exception"/> set), or a
/// reconnect succeeded. Messages never contain secrets, so they are safe to log.
/// </summary>
public sealed class RespConnectionEventArgs : EventArgs
{
    public RespConnectionEventArgs(string endPoint, Exception? exception, int attempt)
    {
        EndPoint = endPoint;
        Exception = exception;
        Attempt = attempt;
    }

    public string EndPoint { get; }

    /// <summary>Why the connection was lost or the attempt failed; null for a successful reconnect.</summary>
    public Exception? Exception { get; }

    /// <summary>The reconnect attempt (1, 2, ...); 0 when the established connection was lost.</summary>
    public int Attempt { get; }
}

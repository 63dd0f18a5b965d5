namespace ChatHub.Redis.SignalR;

/// <summary>The backplane's pub/sub channels, one set per hub type: <c>{prefix}signalr:{hub}:...</c>.</summary>
internal sealed class SignalRChannels
{
    private readonly string _root;

    public SignalRChannels(RedisKeyspace keys, string hubName)
    {
        _root = keys.Key("signalr:" + hubName);
        All = _root + ":all";
        GroupCommands = _root + ":internal:groups";
    }

    /// <summary>Messages for every connection of the hub.</summary>
    public string All { get; }

    /// <summary>Group add/remove requests for connections on other nodes.</summary>
    public string GroupCommands { get; }

    public string Connection(string connectionId) => _root + ":conn:" + connectionId;

    public string Group(string group) => _root + ":group:" + group;

    public string User(string userId) => _root + ":user:" + userId;

    /// <summary>Where a node receives the acks of its group requests.</summary>
    public string Acks(string serverName) => _root + ":internal:ack:" + serverName;
}

namespace ChatHub.Conversation.Pipeline;

/// <summary>The roles a hub process can run; <c>Hub:Roles</c> picks them (default: all).</summary>
[Flags]
public enum HubRole
{
    None = 0,

    /// <summary>Adapters receive platform traffic and publish to chat.inbound.</summary>
    Ingress = 1,

    /// <summary>Consumes chat.inbound, produces replies on chat.outbound.</summary>
    Worker = 2,

    /// <summary>Consumes chat.outbound and sends through the platform APIs.</summary>
    Egress = 4,

    All = Ingress | Worker | Egress,
}

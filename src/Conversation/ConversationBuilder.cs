using Microsoft.Extensions.DependencyInjection;

namespace ChatHub.Conversation;

/// <summary>Returned by <see cref="ConversationServiceCollectionExtensions.AddConversation"/> to plug in backends.</summary>
public sealed class ConversationBuilder
{
    internal ConversationBuilder(IServiceCollection services, Pipeline.HubRoles roles)
    {
        Services = services;
        Roles = roles;
    }

    public IServiceCollection Services { get; }

    /// <summary>The roles this process runs (from <c>Hub:Roles</c>).</summary>
    public Pipeline.HubRoles Roles { get; }
}

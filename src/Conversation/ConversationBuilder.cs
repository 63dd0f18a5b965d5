using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChatHub.Conversation;

/// <summary>Returned by <see cref="ConversationServiceCollectionExtensions.AddConversation"/> to plug in backends.</summary>
public sealed class ConversationBuilder
{
    internal ConversationBuilder(IServiceCollection services, IConfiguration configuration, Pipeline.HubRoles roles)
    {
        Services = services;
        Configuration = configuration;
        Roles = roles;
    }

    public IServiceCollection Services { get; }

    /// <summary>The application configuration, for registration-time choices (is a backend's connection string set?).</summary>
    public IConfiguration Configuration { get; }

    /// <summary>The roles this process runs (from <c>Hub:Roles</c>).</summary>
    public Pipeline.HubRoles Roles { get; }
}

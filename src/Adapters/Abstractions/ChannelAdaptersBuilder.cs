using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChatHub.Adapters.Abstractions;

/// <summary>Returned by <see cref="ChannelAdaptersServiceCollectionExtensions.AddChannelAdapters"/>; each adapter adds itself.</summary>
public sealed class ChannelAdaptersBuilder
{
    internal ChannelAdaptersBuilder(IServiceCollection services, IConfiguration configuration, HubRoles roles)
    {
        Services = services;
        Configuration = configuration;
        Roles = roles;
    }

    public IServiceCollection Services { get; }

    public IConfiguration Configuration { get; }

    /// <summary>The roles of this process: adapters start receivers only with ingress, senders only with egress.</summary>
    public HubRoles Roles { get; }
}

using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChatHub.Adapters.Abstractions;

public static class ChannelAdaptersServiceCollectionExtensions
{
    /// <summary>Starts adapter registration. Call after <c>AddConversation</c>, which registers <see cref="HubRoles"/>.</summary>
    public static ChannelAdaptersBuilder AddChannelAdapters(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        var roles = services.Where(d => d.ServiceType == typeof(HubRoles)).Select(d => d.ImplementationInstance).OfType<HubRoles>().LastOrDefault()
            ?? throw new InvalidOperationException("Call AddConversation before AddChannelAdapters.");
        return new ChannelAdaptersBuilder(services, configuration, roles);
    }
}

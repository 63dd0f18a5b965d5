using Microsoft.Extensions.DependencyInjection;

namespace ChatHub.Conversation.WebChat;

public static class WebChatTranscriptServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="WebChatTranscriptOptions"/> (at start). Called by every registration of a
    /// transcript store (the web-chat adapter, a distributed backend); a second call adds nothing.
    /// </summary>
    public static IServiceCollection AddWebChatTranscriptOptions(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(static d => d.ServiceType == typeof(WebChatTranscriptOptionsMarker)))
        {
            return services;
        }

        services.AddSingleton<WebChatTranscriptOptionsMarker>();
        services.AddOptions<WebChatTranscriptOptions>().BindConfiguration(WebChatTranscriptOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.TranscriptTtl > TimeSpan.Zero, "Channels:WebChat:TranscriptTtl must be positive.")
            .ValidateOnStart();
        return services;
    }

    private sealed class WebChatTranscriptOptionsMarker;
}

using ChatHub.Adapters.Abstractions;
using ChatHub.Conversation.Images;
using ChatHub.Conversation.Pipeline;
using ChatHub.Conversation.Users;
using ChatHub.Conversation.Voice;
using ChatHub.Conversation.WebChat;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatHub.Adapters.WebChat;

public static class WebChatServiceCollectionExtensions
{
    /// <summary>
    /// The web-chat adapter: ingress for the widget's SignalR calls, the transcript for catch-up, and the egress
    /// sender. The Hub supplies <see cref="IWebChatClients"/> (SignalR).
    /// </summary>
    public static ChannelAdaptersBuilder AddWebChat(this ChannelAdaptersBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<WebChatOptions>().BindConfiguration(WebChatOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.TokenKey is null || IsKey(o.TokenKey), "Channels:WebChat:TokenKey must be base64 of at least 32 bytes.")
            .Validate(o => o.PreviousTokenKeys.All(IsKey), "Channels:WebChat:PreviousTokenKeys must each be base64 of at least 32 bytes.")
            .Validate(o => o.TokenLifetime > TimeSpan.Zero, "Channels:WebChat:TokenLifetime must be positive.")
            .Validate(o => !o.Limits.Problems().Any(), "Channels:WebChat:Limits: every count must be at least 1 and every refill interval positive.")
            .ValidateOnStart();
        services.AddWebChatTranscriptOptions();
        services.TryAddSingleton<WebChatTokens>();
        services.TryAddSingleton<WebChatRevocations>();
        services.TryAddSingleton<WebChatAdmission>();
        services.TryAddSingleton<IWebChatTranscript, InMemoryWebChatTranscript>();
        services.TryAddSingleton<WebChatIngress>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IImageSource, WebChatUploadSource>()); // uploads, for the worker
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IVoiceSource, WebChatUploadSource>()); // recordings, for the worker
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChannelSender, WebChatSender>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IUserDataEraser, WebChatUserDataEraser>());
        return builder;
    }

    private static bool IsKey(string text)
    {
        Span<byte> buffer = stackalloc byte[256];
        return Convert.TryFromBase64String(text, buffer, out var written) && written >= 32;
    }
}

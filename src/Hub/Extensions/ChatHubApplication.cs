using ChatHub.Adapters.Abstractions;
using ChatHub.Adapters.BotFramework;
using ChatHub.Adapters.Discord;
using ChatHub.Adapters.Telegram;
using ChatHub.Adapters.WebChat;
using ChatHub.Conversation;
using ChatHub.Hub.Admin;
using ChatHub.Conversation.Pipeline;
using ChatHub.Hub.Endpoints;
using ChatHub.Hub.ModelStage;
using ChatHub.Hub.Realtime;
using ChatHub.Hub.Telemetry;
using ChatHub.Hub.Widget;
using ChatHub.Inference;
using ChatHub.Inference.ModelStage;
using ChatHub.Kafka;
using ChatHub.Redis;
using ChatHub.Sqlite;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatHub.Hub.Extensions;

/// <summary>The composition root: services and endpoints of the hub, shared by Program and the tests.</summary>
public static class ChatHubApplication
{
    /// <summary>The default address when none is configured (<c>--urls</c>, <c>ASPNETCORE_URLS</c>, Kestrel endpoints).</summary>
    public const string DefaultUrl = "http://localhost:5080";

    private const string WebChatCorsPolicy = "webchat";

    public static WebApplication Create(string[] args) => Create(new WebApplicationOptions { Args = args });

    /// <summary>Builds the hub; <paramref name="configure"/> lets tests replace services before the build.</summary>
    public static WebApplication Create(WebApplicationOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(options);
        builder.AddChatHub();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapChatHub();
        return app;
    }

    public static WebApplicationBuilder AddChatHub(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        if (string.IsNullOrEmpty(configuration["urls"]) && string.IsNullOrEmpty(configuration["http_ports"])
            && string.IsNullOrEmpty(configuration["https_ports"]) && !configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var services = builder.Services;
        services.AddProblemDetails();
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.SectionName)
            .Validate(o => string.IsNullOrEmpty(o.ApiKey) || o.ApiKey.Length >= 16, "Admin:ApiKey must be at least 16 characters (use a long random value).")
            .ValidateOnStart();
        services.AddConversation(configuration).AddKafkaMessageBus().AddRedis();
        services.AddChannelAdapters(configuration).AddWebChat().AddTelegram().AddDiscord().AddBotFramework();
        services.AddInference(configuration).AddKnowledgeBase().AddHotQuestionCache().AddLlamaCpp().AddOpenAiCompatible().AddModelStage();
        services.TryAddSingleton<IPersonDirectory, HubPersonDirectory>(); // the model's linked_platforms tool
        services.TryAddSingleton<IPromptModeration, HubPromptModeration>(); // the prompt-render filter's word list
        services.AddSqliteStorage(configuration); // the durable embedded default; Redis and Kafka, when configured, take over

        services.AddHubTelemetry();
        services.AddSignalR(options =>
        {
            // Large enough for a message over the text limit to reach our validation (and get a clear error).
            options.MaximumReceiveMessageSize = 64 * 1024;
        });
        services.AddSingleton<IWebChatClients, SignalRWebChatClients>();
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<WebChatOptions>>((cors, webChat) =>
            cors.AddPolicy(WebChatCorsPolicy, policy => ConfigureWebChatCors(policy, webChat.Value.AllowedOrigins)));
        return builder;
    }

    public static WebApplication MapChatHub(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseStatusCodePages();
        app.UseWebSockets();
        app.UseCors();
        app.MapHealthEndpoints();
        app.MapAdminEndpoints();
        app.MapMetricsEndpoint();
        app.MapTelegramWebhook();
        app.MapBotFrameworkEndpoints();
        if (app.Services.GetRequiredService<HubRoles>().Has(HubRole.Ingress))
        {
            app.UseDefaultFiles();
            app.UseStaticFiles();
            app.MapWidget();
            app.MapHub<ChatRealtimeHub>("/hubs/chat").RequireCors(WebChatCorsPolicy);
        }

        return app;
    }

    /// <summary>Sites that embed the widget call /hubs/chat cross-origin (SignalR negotiates with credentials).</summary>
    private static void ConfigureWebChatCors(CorsPolicyBuilder policy, string[] origins)
    {
        policy.AllowAnyHeader().WithMethods("GET", "POST").AllowCredentials();
        if (origins.Contains("*"))
        {
            policy.SetIsOriginAllowed(_ => true);
        }
        else
        {
            policy.WithOrigins(origins);
        }
    }
}

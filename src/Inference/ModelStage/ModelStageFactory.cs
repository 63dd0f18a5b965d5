using System.Diagnostics.Metrics;
using ChatHub.Inference.Knowledge;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace ChatHub.Inference.ModelStage;

/// <summary>
/// Builds the model stage's <see cref="Kernel"/>: its chat client is the model slot behind Semantic Kernel's function
/// invocation (<c>UseKernelFunctionInvocation</c>: without it a tool call comes back unexecuted, with no text), at most
/// <see cref="ToolOptions.MaxRounds"/> rounds, no detailed errors for the model; the plugins <c>hub</c> (built-in
/// tools) and <c>operator</c> (HTTP tools); the prompt-render and function-invocation filters.
/// </summary>
internal static class ModelStageFactory
{
    public static ModelStageChatClient Create(IServiceProvider provider)
    {
        var loggerFactory = provider.GetRequiredService<ILoggerFactory>();
        var time = provider.GetRequiredService<TimeProvider>();
        var tools = provider.GetRequiredService<IOptions<ToolOptions>>().Value;
        var grounding = provider.GetRequiredService<IOptions<GroundingOptions>>().Value;
        var prompts = new SystemPrompts(provider.GetRequiredService<IOptions<PromptOptions>>().Value);
        var knowledgeBase = provider.GetService<KnowledgeBase>();
        var search = knowledgeBase is null ? null : new KnowledgeTextSearch(knowledgeBase, grounding);

        var model = provider.GetRequiredKeyedService<IChatClient>(InferenceServiceKeys.Model);
        var images = new ModelStageImages();
        var chatClient = model.AsBuilder().UseKernelFunctionInvocation(loggerFactory)
            .Use(inner => new ImagePartsChatClient(inner, images)).Build(provider);
        if (chatClient.GetService<FunctionInvokingChatClient>() is { } invoking)
        {
            invoking.MaximumIterationsPerRequest = tools.MaxRounds;
            invoking.MaximumConsecutiveErrorsPerRequest = tools.MaxRounds;
            invoking.IncludeDetailedErrors = false;
            invoking.AllowConcurrentInvocation = false;
        }

        var builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton(chatClient);
        builder.Services.AddSingleton(loggerFactory);
        var kernel = builder.Build();

        var httpTools = 0;
        if (tools.Enabled)
        {
            kernel.Plugins.Add(new HubTools(search, provider.GetService<IPersonDirectory>(), time, provider.GetService<IPersonMemory>()).CreatePlugin());
            if (tools.Http.Count > 0)
            {
                var http = provider.GetRequiredKeyedService<HttpClient>(ModelStageServiceKeys.HttpTools);
                kernel.Plugins.Add(KernelPluginFactory.CreateFromFunctions(HttpTool.PluginName,
                    tools.Http.Select(options => new HttpTool(options, tools.AllowedHosts, tools.CallerHeader, http).CreateFunction())));
                httpTools = tools.Http.Count;
            }
        }

        kernel.PromptRenderFilters.Add(new PromptSafetyFilter(
            provider.GetService<IPromptModeration>(), provider.GetRequiredService<IOptions<PromptFilterOptions>>()));
        var logger = loggerFactory.CreateLogger<ModelStageChatClient>();
        kernel.FunctionInvocationFilters.Add(new ToolInvocationFilter(
            tools, provider.GetRequiredService<IToolBudget>(), provider.GetService<IToolAuditSink>(), time,
            provider.GetService<IMeterFactory>(), logger));

        var toolCount = kernel.Plugins.Sum(plugin => plugin.FunctionCount);
        Log.ModelStageReady(logger, toolCount, httpTools, tools.MaxRounds, grounding.Passages);
        return new ModelStageChatClient(kernel, prompts, search, grounding, tools, logger, provider.GetService<IModelBudget>(), images);
    }
}

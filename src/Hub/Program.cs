using ChatHub.Hub.Commands;
using ChatHub.Hub.Extensions;
using ChatHub.Inference.LlamaCpp;

if (QuantizeCommand.IsInvocation(args))
{
    return await QuantizeCommand.RunAsync(args, Console.Out, Console.Error);
}

if (StorageCommand.IsInvocation(args))
{
    return await StorageCommand.RunAsync(args, Console.Out, Console.Error);
}

var app = ChatHubApplication.Create(args);
await app.RunAsync();
return 0;

/// <summary>The entry point type, visible to tests.</summary>
public partial class Program;

using Microsoft.Extensions.Logging;

namespace ChatHub.Inference;

/// <summary>Log methods of the llama.cpp engine (event ids 4100–4169).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4100, Message = "llama.cpp: {NativeMessage}")]
    public static partial void LlamaNativeMessage(ILogger logger, LogLevel level, string nativeMessage);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information,
        Message = "llama.cpp {Version} loaded from {Directory} ({DeviceCount} compute devices)")]
    public static partial void LlamaLibraryLoaded(ILogger logger, string directory, string version, int deviceCount);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Information,
        Message = "Model {Path} loaded: {Description}, {ParameterCount} parameters, {TensorBytes} bytes of tensors, {Instances} instances")]
    public static partial void LlamaModelLoaded(
        ILogger logger, string path, string description, long parameterCount, long tensorBytes, int instances);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Information,
        Message = "Model instance {Instance} ready: {Sequences} sequences of {SequenceContext} tokens, {Threads} threads, batches of up to {BatchSize} tokens")]
    public static partial void LlamaInstanceStarted(ILogger logger, int instance, int sequences, int sequenceContext, int threads, int batchSize);

    [LoggerMessage(EventId = 4120, Level = LogLevel.Debug,
        Message = "Instance {Instance} admitted a request into sequence {Sequence} ({PromptTokens} prompt tokens, {ReusedTokens} of them from the prompt cache, interactive {Interactive})")]
    public static partial void LlamaSequenceAdmitted(ILogger logger, int instance, int sequence, int promptTokens, int reusedTokens, bool interactive);

    [LoggerMessage(EventId = 4121, Level = LogLevel.Debug,
        Message = "Instance {Instance} freed canceled sequence {Sequence} after {GeneratedTokens} tokens")]
    public static partial void LlamaSequenceCanceled(ILogger logger, int instance, int sequence, int generatedTokens);

    [LoggerMessage(EventId = 4122, Level = LogLevel.Warning,
        Message = "Every model instance is full ({Instances} instances); replied busy")]
    public static partial void LlamaBusy(ILogger logger, int instances);

    [LoggerMessage(EventId = 4123, Level = LogLevel.Debug,
        Message = "Conversation trimmed to fit the context: {DroppedTurns} oldest turns left out, {PromptTokens} prompt tokens")]
    public static partial void LlamaPromptTrimmed(ILogger logger, int droppedTurns, int promptTokens);

    [LoggerMessage(EventId = 4124, Level = LogLevel.Warning,
        Message = "Prompt cache of instance {Instance}: sequence {Sequence} should hold positions 0 to {Expected} - 1 but holds {Min} to {Max}; emptied, the request starts cold")]
    public static partial void LlamaPromptCacheMismatch(ILogger logger, int instance, int sequence, int expected, int min, int max);

    [LoggerMessage(EventId = 4125, Level = LogLevel.Warning,
        Message = "Prompt cache of instance {Instance}: restoring {Tokens} cached tokens into sequence {Sequence} failed (see the llama.cpp log); the request starts cold")]
    public static partial void LlamaPromptCacheRestoreFailed(ILogger logger, int instance, int sequence, int tokens);

    [LoggerMessage(EventId = 4126, Level = LogLevel.Error,
        Message = "Model instance {Instance} could not admit a request; it was failed")]
    public static partial void LlamaAdmissionFailed(ILogger logger, Exception exception, int instance);

    [LoggerMessage(EventId = 4130, Level = LogLevel.Error,
        Message = "Decode step of model instance {Instance} failed; its conversations were ended")]
    public static partial void LlamaStepFailed(ILogger logger, Exception exception, int instance);

    [LoggerMessage(EventId = 4131, Level = LogLevel.Debug,
        Message = "llama.cpp reply ended in {CallCount} tool calls")]
    public static partial void LlamaToolCalls(ILogger logger, int callCount);

    [LoggerMessage(EventId = 4132, Level = LogLevel.Debug,
        Message = "llama.cpp reply ended inside a tool call (token limit): {Characters} characters of it dropped")]
    public static partial void LlamaUnterminatedToolCall(ILogger logger, int characters);
}

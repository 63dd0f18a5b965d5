using Microsoft.Extensions.Logging;

namespace ChatHub.Inference;

/// <summary>Source-generated log methods of the inference stage (event ids 4xxx). Never logs message text above Debug.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information,
        Message = "Knowledge base loaded from {Path}: {EntryCount} entries, {TermCount} distinct terms")]
    public static partial void KnowledgeBaseLoaded(ILogger logger, string path, int entryCount, int termCount);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug,
        Message = "Knowledge base answered with entry {EntryIndex} (confidence {Confidence:F2}, score {Score:F2})")]
    public static partial void KnowledgeAnswered(ILogger logger, int entryIndex, double confidence, double score);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Debug,
        Message = "No confident knowledge-base match (best confidence {Confidence:F2}); asking the model client")]
    public static partial void KnowledgeDelegated(ILogger logger, double confidence);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information,
        Message = "No answer available; replied with the fallback")]
    public static partial void FallbackReplied(ILogger logger);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information,
        Message = "Hot-question cache warmed with {QuestionCount} questions from {EntryCount} knowledge-base entries")]
    public static partial void HotQuestionCacheWarmed(ILogger logger, int questionCount, int entryCount);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Information,
        Message = "Hot-question invalidations may have been missed while pub/sub was down; dropped this node's L1 copies")]
    public static partial void HotQuestionL1Dropped(ILogger logger);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Warning,
        Message = "Hot-question cache: the shared tier's circuit is {State}")]
    public static partial void HotQuestionL2CircuitChanged(ILogger logger, string state);

    [LoggerMessage(EventId = 4014, Level = LogLevel.Information,
        Message = "Hot-question cache: no fresh answer could be had; served the last one (fail-safe)")]
    public static partial void HotQuestionServedStale(ILogger logger);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Debug,
        Message = "Hot-question answer from {Source} not cached")]
    public static partial void HotQuestionNotCached(ILogger logger, string source);
}

namespace ChatHub.Inference.ModelStage;

/// <summary>A knowledge-base entry found for a query: its title (the FAQ heading), its answer, how well it matched.</summary>
public sealed record KnowledgePassage(string Title, string Text, double Confidence, int Index);

"""Request data followed across functions: the interprocedural half of the injection rules.

The notions are kept apart, as in CodeQL's data-flow library:

- sources: request values (`checks.treeutil.REQUEST_SOURCE`, route parameters, bound bodies),
  recognised per file by `Flow`;
- sinks: each injection rule's selector (the argument of the call it guards), passed to
  `tainted_calls`; a sink whose value is a parameter of its function is recorded, not reported;
- sanitizers: whatever `Flow` treats as constant (conversions, escapes, allowlists, constant
  maps) and the rule's guard;
- summaries (`summary`): per function, computed once in the worker with the file's facts and
  cached with them: which parameters reach which sinks, which arguments of which calls carry
  request data or parameters, what the function returns;
- propagation (`propagate`): in the main process, over the call graph, to a fixpoint; a source in
  one function reaching a sink in another through any chain of calls is a finding of the sink's
  rule at the sink, with the path as its `flow` (SARIF codeFlows).
"""

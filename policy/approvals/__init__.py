"""The one approval workflow: what every decidable thing (a request, a correction; next a shift swap or a
flagged check-in) shares.

- `decision.Decision`: the abstract model with the decision fields (who decided, when, the note, and for a
  deputy's decision "Plh."/"Plt." and the head on whose behalf), its row lock and its decision;
  `decision_trail()` is what the audit event of a decision records;
- `workflow.Kind`: one kind of decidable thing, with the public queries `visible`, `decidable`,
  `pending`, `own`, `rows`, the rejection (`reject_pending`) and the person's withdrawal
  (`withdraw_pending`, for a kind whose Status has WITHDRAWN);
- `forms`: the approve and reject forms, and what the submit forms share (`KindFieldsMixin`);
- `attachments`: the attached file's field (checked by content) and its stored name;
- `views`: approve, reject, withdraw and download the attachment for any kind, and `own_form` for submit
  views;
- templates/policy/approvals/: the decision forms of a row, the decision and the audit trail on an
  item's page, the errors and the kind choice of a submit form.

A new kind plugs in with its model (inheriting Decision), a `Kind` subclass (its list template with
`row` and `count` partials, its row facts, its approval, its page) and three URLs to the shared views
(four with the withdrawal: `withdraw_url`, `noun`, `withdrawn`). Who decides (heads, admins, deputies in
force) is units.access's: `Access.decides`, `decidable_people`, `deputy_for`.
Policy never imports attendance: corrections plug in from attendance.approvals.
"""

package ketenhub

// Services are the domain services together, as the store provides them and
// the HTTP server, the demo seed and the binary pass them on.
type Services struct {
	Organisations OrganisationService
	Users         UserService
	Workspaces    WorkspaceService
	Goals         GoalService
	Actions       ActionService
	Comments      CommentService
	Events        EventService
	Meetings      MeetingService
	Agenda        AgendaService
	Decisions     DecisionService
	CalendarFeeds CalendarFeedService
	Displays      DisplayService
	Admissions    AdmissionService
}

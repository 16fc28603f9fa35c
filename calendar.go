package clio

// CalendarsService is a stub; see the services issue.
type CalendarsService struct{ service }

// CalendarEntriesService is a stub; see the services issue.
type CalendarEntriesService struct{ service }

// RemindersService is a stub; see the services issue.
type RemindersService struct{ service }

from rest_framework import viewsets
class PersonViewSet(viewsets.ViewSet):
    pass
